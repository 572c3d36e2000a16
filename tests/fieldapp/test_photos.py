"""Photos over HTTP: refusals that say what is wrong (a decompression bomb has too many pixels,
not too many bytes), names that never become paths, a smaller copy that names its original
and carries its time and place, and a wrong photo taken off an item but kept on record."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from audit.fieldapp.server import FieldServer
from audit.store import Store
from tests.evidence.evidence_factory import make_photo
from tests.fieldapp.conftest import MAX_PHOTO_BYTES, jpeg, logged_in, start_ramp_inspection


def _bomb() -> bytes:
    """A PNG of 100 megapixels in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_bad_uploads_are_refused_with_what_is_wrong(server: FieldServer, field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    url = f"/inspections/{inspection_id}/sections/2"
    big = b"\xff\xd8\xff" + b"\0" * (MAX_PHOTO_BYTES + 10)
    bomb = _bomb()
    assert len(bomb) < MAX_PHOTO_BYTES
    reply = client.post(url, {"v-ramp_slope": "1:10", "go": "stay"}, files={
        "photo-ramp_slope": [("notes.txt", b"just some text, not a photo"),
                             ("huge.jpg", big), ("bomb.png", bomb)]})
    assert reply.status == 422
    assert "notes.txt 不是可接受的照片" in reply.text
    assert "huge.jpg 太大（上限 0.38147 MB）" in reply.text
    assert "bomb.png 的像素过多（上限 60 百万像素）" in reply.text
    assert "bomb.png 太大" not in reply.text
    assert "ramp_slope" not in field_store.inspection(inspection_id).photos
    assert field_store.inspection(inspection_id).answers["ramp_slope"].value == "1:10"


def test_a_name_never_becomes_a_path(server: FieldServer, field_store: Store, tmp_path: Path):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    data = jpeg(colour=(200, 10, 10))
    reply = client.post(f"/inspections/{inspection_id}/sections/2", {"go": "stay"},
                        files={"photo-ramp_rise": [("../../../../evil.jpg", data)]})
    assert reply.status == 303
    stored = field_store.inspection(inspection_id).photos["ramp_rise"][0]
    assert stored.original_name == "evil.jpg"
    root = field_store.files_root
    assert root is not None and (root.parent / "evil.jpg").exists() is False
    assert not list(root.rglob("evil*"))
    thumb = client.get(f"/photos/{stored.sha256}.jpg")
    assert thumb.status == 200 and thumb.headers["Content-Type"] == "image/jpeg"
    assert client.get("/photos/..%2F..%2Fetc%2Fpasswd.jpg").status == 404


def test_a_copy_made_on_the_phone_names_its_original_and_keeps_its_time_and_place(
        server: FieldServer, field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    original = make_photo("jpeg")  # EXIF: 2024-05-06 14:30:15 +08:00, 31.2267 N 121.4701 E
    copy = jpeg(32, 24, colour=(5, 6, 7))  # what the browser redrew: no EXIF at all
    reply = client.post(f"/inspections/{inspection_id}/photos",
                        {"item": "ramp_slope", "original-sha256": "ab" * 32,
                         "original-size": str(len(original))},
                        files={"photo-ramp_slope": [("IMG_0001.jpg", copy)],
                               "original-head": [("head", original[:4096])]})
    assert reply.status == 200, reply.text
    stored = field_store.inspection(inspection_id).photos["ramp_slope"][0]
    assert (stored.original_sha256, stored.original_size) == ("ab" * 32, len(original))
    assert stored.taken_at == "2024-05-06T14:30:15+08:00"
    assert (round(stored.lat, 4), round(stored.lon, 4)) == (31.2267, 121.4701)
    page = client.get(f"/inspections/{inspection_id}/sections/2").text
    assert "拍摄于 2024-05-06 14:30" in page and "位置 31.22670, 121.47009" in page
    assert "原图 SHA-256 abababababab…" in page


def test_a_wrong_photo_is_taken_off_but_kept_in_the_record(server: FieldServer,
                                                          field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    url = f"/inspections/{inspection_id}/sections/2"
    client.post(url, {"go": "stay"},
                files={"photo-ramp_width": [("wrong.jpg", jpeg(colour=(40, 40, 41)))]})
    sha = field_store.inspection(inspection_id).photos["ramp_width"][0].sha256
    page = client.get(url).text
    assert f'form="remove-photos" name="remove" value="ramp_width:{sha}"' in page
    reply = client.post(f"/inspections/{inspection_id}/photos/remove",
                        {"remove": f"ramp_width:{sha}", "number": "2"})
    assert reply.status == 303 and reply.headers["Location"].endswith("#item-ramp_width")
    assert "ramp_width" not in field_store.inspection(inspection_id).photos
    assert client.get(f"/photos/{sha}.jpg").status == 200  # kept: the log links to it
    log = client.get(f"/inspections/{inspection_id}").text.split('id="history-heading"')[1]
    assert "移除照片" in log and f"/photos/{sha}.jpg?size=large" in log
    again = client.post(f"/inspections/{inspection_id}/photos/remove",
                        {"remove": f"ramp_width:{sha}", "number": "2"})
    assert again.status == 404
