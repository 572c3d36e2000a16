"""Photos over HTTP: refusals that say what is wrong (a decompression bomb has too many pixels,
not too many bytes; an SVG is no photo), names that never become paths, a polyglot never
served as it came, copies upright and without GPS while the original keeps it, a smaller copy
that names its original and carries its time and place, and a wrong photo taken off an item
but kept on record."""

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


_SCRIPT = b"<script>alert(document.cookie)</script>"


def test_a_drawing_with_a_script_is_refused_and_a_polyglot_is_never_served_as_it_came(
        server: FieldServer, field_store: Store):
    """An SVG is refused (it can carry script). A JPEG with a web page after its end, or a
    script in its comment, is a JPEG: its bytes are kept as they came (the evidence, as the
    phone sent it), but the app only ever serves JPEG copies it made itself."""
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + _SCRIPT + b"</svg>"
    page = b"<!doctype html><html>" + _SCRIPT + b"</html>"
    commented = io.BytesIO()
    Image.new("RGB", (64, 48), (1, 2, 3)).save(commented, "JPEG", comment=_SCRIPT)
    polyglots = [jpeg(colour=(70, 80, 90)) + page, commented.getvalue()]
    reply = client.post(f"/inspections/{inspection_id}/sections/2", {"go": "stay"}, files={
        "photo-ramp_slope": [("drawing.svg", svg), ("page.jpg", page + jpeg())],
        "photo-ramp_width": [("tail.jpg", polyglots[0]), ("comment.jpg", polyglots[1])]})
    assert reply.status == 422
    assert "drawing.svg 不是可接受的照片，请附 JPEG、PNG、HEIC 或 WebP 照片。" in reply.text
    assert "page.jpg 不是可接受的照片，请附 JPEG、PNG、HEIC 或 WebP 照片。" in reply.text
    record = field_store.inspection(inspection_id)
    assert "ramp_slope" not in record.photos
    kept = record.photos["ramp_width"]
    assert [p.original_name for p in kept] == ["tail.jpg", "comment.jpg"]
    assert [field_store.photo_bytes(p.sha256) for p in kept] == polyglots
    for photo in kept:
        for size in ("", "?size=large"):
            served = client.get(f"/photos/{photo.sha256}.jpg{size}")
            assert served.status == 200
            assert served.headers["Content-Type"] == "image/jpeg"
            assert served.headers["X-Content-Type-Options"] == "nosniff"
            assert b"<script" not in served.body and b"<html" not in served.body


def test_a_photo_is_shown_upright_and_its_place_is_kept_on_record_but_not_sent_out(
        server: FieldServer, field_store: Store):
    """A phone's photo: landscape pixels with EXIF 'rotate 90°' and the GPS position of where
    it was taken. Decided: a record is evidence, so the original keeps its GPS and the record
    its place (shown to those who may see the inspection); every copy the app serves is
    upright and carries no location (a thumbnail forwarded from a chat shows no one where
    an inspector was)."""
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    original = make_photo("jpeg")  # 2024-05-06 14:30:15 +08:00, 31.2267 N 121.4701 E
    assert Image.open(io.BytesIO(original)).size[0] > Image.open(io.BytesIO(original)).size[1]
    reply = client.post(f"/inspections/{inspection_id}/sections/2", {"go": "stay"},
                        files={"photo-ramp_rise": [("IMG_0002.jpg", original)]})
    assert reply.status == 303
    stored = field_store.inspection(inspection_id).photos["ramp_rise"][0]
    assert (round(stored.lat, 4), round(stored.lon, 4)) == (31.2267, 121.4701)
    assert field_store.photo_bytes(stored.sha256) == original
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    for size in ("", "?size=large"):
        served = client.get(f"/photos/{stored.sha256}.jpg{size}")
        copy = Image.open(io.BytesIO(served.body))
        assert served.status == 200
        assert copy.size[1] > copy.size[0], size  # upright: portrait, as it was taken
        assert copy.getexif().get(0x0112) in (None, 1)
        assert not copy.getexif().get_ifd(0x8825), size  # no GPS
    page = client.get(f"/inspections/{inspection_id}/sections/2").text
    assert "位置 31.22670, 121.47009" in page
