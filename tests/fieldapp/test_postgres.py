"""The same app over a PostgreSQL store (by URL): accounts and sessions, facilities, answers
with their versions, a refused clash, the verdict, a review and the change log."""

from __future__ import annotations

from pathlib import Path

from audit.checklist import Catalogue
from audit.fieldapp import FieldServer, add_user, create_app
from audit.store import InspectionStatus, open_store
from tests.fieldapp.conftest import PASSWORD, jpeg, logged_in, start_ramp_inspection
from tests.store.conftest import pg_database, pg_url  # noqa: F401 - fixtures


def test_the_app_over_postgresql(pg_url: str, tmp_path: Path,  # noqa: F811
                                 catalogue: Catalogue):
    with open_store(pg_url, files_dir=tmp_path / "files") as store:
        app = create_app(store, secret_key="pg", catalogue=catalogue)
        add_user(store, "alice", PASSWORD, "inspector")
        add_user(store, "rita", PASSWORD, "reviewer")
        with FieldServer(app) as server:
            client, rita = logged_in(server), logged_in(server, "rita")
            inspection_id = start_ramp_inspection(client)
            code = store.inspection(inspection_id).facility.code
            section = f"/inspections/{inspection_id}/sections/2"
            reply = client.post(section, {"v-ramp_slope": "1:10", "ver-ramp_slope": "0",
                                          "go": "stay"},
                                files={"photo-ramp_slope": [("r.jpg", jpeg())]})
            assert reply.status == 303
            clash = rita.post(section, {"v-ramp_slope": "1:14", "ver-ramp_slope": "0",
                                        "go": "stay"})
            assert clash.status == 422 and "alice 于" in clash.text
            client.post(f"/facilities/{code}/edit", {"name": "改名", "address": ""})
            submitted = client.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"})
            assert submitted.status == 303
            verdict = client.get(f"/inspections/{inspection_id}/verdict").text
            approved = rita.post(f"/inspections/{inspection_id}/review", {"action": "approved"})
            assert approved.status == 303
            client.post("/logout")
            assert client.get("/mine").status == 302
        assert "GB 55019-2021 §2.3.1" in verdict.split('<tr class="outcome-fail">', 1)[1]
        assert store.facility(code).name == "改名"
        record = store.inspection(inspection_id)
        assert record.photos["ramp_slope"] and record.answers["ramp_slope"].value == "1:10"
        assert record.info.status is InspectionStatus.APPROVED
        assert {c.actor for c in store.history(inspection_id=inspection_id)} == {"alice",
                                                                                 "rita"}
