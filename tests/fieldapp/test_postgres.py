"""The same app over a PostgreSQL store (by URL): accounts, facilities, answers, verdict."""

from __future__ import annotations

from pathlib import Path

from audit.checklist import Catalogue
from audit.fieldapp import FieldServer, add_user, create_app
from audit.store import open_store
from tests.fieldapp.conftest import PASSWORD, jpeg, logged_in, start_ramp_inspection
from tests.store.conftest import pg_database, pg_url  # noqa: F401 - fixtures


def test_the_app_over_postgresql(pg_url: str, tmp_path: Path,  # noqa: F811
                                 catalogue: Catalogue):
    with open_store(pg_url, files_dir=tmp_path / "files") as store:
        app = create_app(store, secret_key="pg", catalogue=catalogue)
        add_user(store.engine, "alice", PASSWORD, "inspector")
        with FieldServer(app) as server:
            client = logged_in(server)
            inspection_id = start_ramp_inspection(client)
            reply = client.post(f"/inspections/{inspection_id}/sections/2",
                                {"v-ramp_slope": "1:10", "go": "stay"},
                                files={"photo-ramp_slope": [("r.jpg", jpeg())]})
            assert reply.status == 303
            client.post("/facilities/FAC-1/edit", {"name": "改名", "address": ""})
            assert client.post(f"/inspections/{inspection_id}/submit").status == 303
            verdict = client.get(f"/inspections/{inspection_id}/verdict").text
        assert "GB 55019-2021 §2.3.1" in verdict.split('<tr class="outcome-fail">', 1)[1]
        assert store.facility("FAC-1").name == "改名"
        assert store.inspection(inspection_id).photos["ramp_slope"]
