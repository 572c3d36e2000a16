"""The current schema, as SQLAlchemy Core tables, for queries.

The tables are *created* by the migrations in ``audit.store.migrations``, which keep their own
frozen copy of each definition; a test checks that a migrated database matches this module.
When a migration changes the schema, change this module to match.

URLs from scanned pages can be arbitrarily long, longer than a PostgreSQL index entry may be,
so uniqueness on a URL is enforced on ``url_key`` (the SHA-256 of the URL) instead.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

metadata = MetaData()


def _json() -> JSON:
    return JSON(none_as_null=True)


schema_migrations = Table(
    "schema_migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

targets = Table(
    "targets", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("department", Text),  # 责任部门, the department responsible for the target
    Column("settings", _json()),
    Column("created_at", String(40), nullable=False),
)

scans = Table(
    "scans", metadata,
    Column("id", Integer, primary_key=True),
    Column("target_id", Integer, ForeignKey("targets.id", ondelete="SET NULL"), index=True),
    Column("engine", Text, nullable=False),
    Column("standard", Text, nullable=False),
    Column("tool_version", Text, nullable=False),
    Column("axe_version", Text),
    Column("browser_version", Text),
    Column("options", _json()),
    Column("status", String(20), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("fingerprint", String(64)),  # 0009: the options that decide the results
    Index("ix_scans_target_status", "target_id", "status"),  # 0009
)

pages = Table(
    "pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("viewport", String(20), nullable=False),
    Column("final_url", Text),
    Column("status", Integer),
    Column("title", Text),
    Column("error", Text),
    Column("notes", _json()),
    Column("timings_ms", _json()),
    Column("passed_rules", _json()),
    Column("inapplicable_rules", _json()),
    Column("scanned_at", String(40), nullable=False),
    Column("blocked_requests", Integer, nullable=False, server_default=text("0")),  # 0008
    # 0009: what the page was made of when last checked in full (incremental rounds)
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", String(64)),
    Column("subresources", _json()),
    Column("verified_at", String(40)),
    Column("carried_from", Integer),  # the scan whose findings were carried forward
    UniqueConstraint("scan_id", "url_key", "viewport", name="uq_pages_scan_url_viewport"),
)

artifacts = Table(
    "artifacts", metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("codec", String(20), nullable=False),
    Column("size", Integer, nullable=False),  # bytes before compression
    Column("data", LargeBinary, nullable=False),
    UniqueConstraint("page_id", "kind", name="uq_artifacts_page_kind"),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order within the page
    Column("rule", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("impact", String(20), nullable=False),
    Column("wcag", _json()),
    Column("level", String(10)),
    Column("selector", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("help_url", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("screenshot", Text),
    Column("facts", _json()),  # what the rule found, for its words at render time (0007)
    Column("template", String(40)),  # key of the template region it lies in (0008)
    Index("ix_findings_scan_fingerprint", "scan_id", "fingerprint"),
    Index("ix_findings_scan_rule", "scan_id", "rule"),
    Index("ix_findings_scan_template", "scan_id", "template"),
)

# Per-round aggregates kept as scans finish (0010; ``audit.store._rounds``): what the dashboard
# reads instead of every finding ever stored.
rounds = Table(
    "rounds", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("previous_id", Integer),  # the previous finished scan of the target, if any
    Column("pages", Integer, nullable=False),
    Column("critical", Integer, nullable=False),  # violations by severity
    Column("serious", Integer, nullable=False),
    Column("moderate", Integer, nullable=False),
    Column("minor", Integer, nullable=False),
    Column("new_violations", Integer),  # since the previous round (None: no previous round)
    Column("fixed_violations", Integer),
)

target_fingerprints = Table(  # when each violation was first seen at a target (0010)
    "target_fingerprints", metadata,
    Column("target_id", Integer, ForeignKey("targets.id", ondelete="CASCADE"),
           primary_key=True),
    Column("fingerprint", Text, primary_key=True),
    Column("first_seen", String(40), nullable=False),  # start of the earliest finished scan
)

round_groups = Table(  # per finished scan of a target, its violations counted (0012, 0015)
    "round_groups", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("rule", Text, primary_key=True),
    Column("impact", String(20), primary_key=True),
    Column("first_seen", String(40), primary_key=True),  # as in target_fingerprints
    Column("violations", Integer, nullable=False),
)

# The template regions a template-aware crawl met (0008), one row per key and viewport.
templates = Table(
    "templates", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(40), nullable=False),
    Column("viewport", String(20), nullable=False),
    Column("kind", String(20), nullable=False),  # header, navigation, footer, sidebar, region
    Column("label", Text, nullable=False),  # a short selector: div#top.site-head
    Column("elements", Integer, nullable=False),
    UniqueConstraint("scan_id", "key", "viewport", name="uq_templates_scan_key_viewport"),
)

# What a template-aware crawl learnt about its regions, for the next incremental round (0013).
template_learning = Table(
    "template_learning", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("digest", String(64), nullable=False),  # what the samples rest on
    Column("saved_at", String(40), nullable=False),
    Column("codec", String(20), nullable=False),
    Column("size", Integer, nullable=False),  # bytes before compression
    Column("data", LargeBinary, nullable=False),  # the regions, compressed JSON
)

frontier = Table(
    "frontier", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("viewport", String(20), nullable=False),
    Column("depth", Integer, nullable=False),
    Column("found_on", Text),
    Column("state", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),  # visits, 0014
    Column("redirected", String(20)),  # counted as a redirect of no page (Redirected), 0016
    UniqueConstraint("scan_id", "url_key", "viewport", name="uq_frontier_scan_url_viewport"),
    Index("ix_frontier_scan_state_depth", "scan_id", "state", "depth", "id"),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("found_on", Text),
    # migration 0006: what checking the document came to
    Column("state", String(20), nullable=False, server_default="queued"),  # DocumentState
    Column("sha256", String(64)),
    Column("summary", _json()),  # audit.model.DocumentInfo as JSON, once checked
    Column("thumbnail", Text),  # "sha256:<hex>" of a PNG of the first page
    UniqueConstraint("scan_id", "url_key", name="uq_documents_scan_url"),
    Index("ix_documents_scan_state", "scan_id", "state", "id"),
    Index("ix_documents_scan_sha256", "scan_id", "sha256"),
)

# -- facilities and inspections (migration 0002) ----------------------------------------

facilities = Table(
    "facilities", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(100), nullable=False, unique=True),  # "FAC-001" or the user's own id
    Column("name", Text, nullable=False),
    Column("type", Text),
    Column("address", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("department", Text),  # 责任部门
    Column("created_at", String(40), nullable=False),
    Column("created_by", String(64)),  # 0004
)

inspections = Table(
    "inspections", metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", Integer, ForeignKey("facilities.id", ondelete="RESTRICT"),
           nullable=False),
    Column("checklist_id", String(64), nullable=False),
    Column("checklist_version", Text, nullable=False),
    Column("inspector", Text),
    Column("inspected_on", String(10)),  # ISO date
    Column("round", Integer, nullable=False),
    Column("building", String(20), nullable=False),
    Column("notes", Text),
    Column("status", String(20), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("submitted_at", String(40)),  # 0004: when it was last submitted for review
    UniqueConstraint("facility_id", "checklist_id", "round",
                     name="uq_inspections_facility_checklist_round"),
)

answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("value", Text),  # as entered
    Column("unit", Text),  # the unit a bare number was entered in
    Column("na", Boolean, nullable=False),
    Column("note", Text),
    Column("updated_at", String(40), nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),  # 0004
    Column("updated_by", String(64)),  # 0004
    UniqueConstraint("inspection_id", "item_id", name="uq_answers_inspection_item"),
)

photos = Table(
    "photos", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("size", Integer, nullable=False),
    Column("taken_at", String(40)),
    Column("lat", Float),
    Column("lon", Float),
    Column("original_name", Text),
    Column("created_at", String(40), nullable=False),
    # 0004: the phone sent a smaller copy; the hash and size of the photo it was made from
    Column("original_sha256", String(64)),
    Column("original_size", Integer),
)

photo_links = Table(
    "photo_links", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("sha256", String(64), ForeignKey("photos.sha256", ondelete="RESTRICT"),
           nullable=False),
    Column("added_by", String(64)),  # 0004
    Column("added_at", String(40)),
    Column("removed_by", String(64)),  # a removed photo stays, hidden from the answers
    Column("removed_at", String(40)),
    Column("stage", String(10)),  # "before": the state before the work (0005)
    UniqueConstraint("inspection_id", "item_id", "sha256", name="uq_photo_links"),
    Index("ix_photo_links_sha256", "sha256"),
)


# The dashboard's verdict of an inspection (0011; ``audit.store._verdicts``), with what it rests
# on: shown only while the change-log mark, ``updated_at`` and the checklist's digest match.
inspection_verdicts = Table(
    "inspection_verdicts", metadata,
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           primary_key=True),
    Column("mark", Integer),  # the newest change-log entry about the inspection (None: none)
    Column("updated_at", String(40), nullable=False),  # the inspection's, when judged
    Column("checklist_digest", String(64), nullable=False),  # of the checklist that judged it
    Column("judged_at", String(40), nullable=False),
    Column("verdict", _json(), nullable=False),  # what the dashboard shows of it
)


# -- the field app (migration 0003) -------------------------------------------------------

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # inspector, reviewer, admin
    Column("password_hash", Text, nullable=False),  # Argon2id
    Column("created_at", String(40), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),  # 0004
    Column("team", Text),  # 0004
)

inspection_reviews = Table(
    "inspection_reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, nullable=False, index=True),
    Column("reviewer", String(64), nullable=False),
    Column("action", String(20), nullable=False),  # "approved" or "returned"
    Column("comment", Text),
    Column("created_at", String(40), nullable=False),
)

app_secrets = Table(
    "app_secrets", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)


# -- trustworthy field records (migration 0004) --------------------------------------------

sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the token the cookie carries
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
)

facility_assignments = Table(
    "facility_assignments", metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", Integer, ForeignKey("facilities.id", ondelete="CASCADE"),
           nullable=False),
    Column("kind", String(10), nullable=False),  # "user" or "team"
    Column("name", String(64), nullable=False),
    Column("assigned_by", String(64)),
    Column("assigned_at", String(40), nullable=False),
    UniqueConstraint("facility_id", "kind", "name", name="uq_facility_assignments"),
    Index("ix_facility_assignments_name", "kind", "name"),
)

answer_drafts = Table(
    "answer_drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("author", String(64), nullable=False),
    Column("problem", String(20), nullable=False),  # "invalid" or "conflict"
    Column("error", String(80)),  # what is wrong with an invalid entry (a message key)
    Column("value", Text),
    Column("unit", Text),
    Column("na", Boolean, nullable=False),
    Column("note", Text),
    Column("base_version", Integer),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("inspection_id", "item_id", "author", name="uq_answer_drafts"),
)

change_log = Table(  # append-only: triggers refuse UPDATE and DELETE
    "change_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("actor", String(64)),
    Column("inspection_id", Integer),  # no foreign key: the log outlives what it describes
    Column("facility", String(100)),
    Column("item_id", String(64)),
    Column("subject", String(20), nullable=False),
    Column("action", String(20), nullable=False),
    Column("old", _json()),
    Column("new", _json()),
    Column("version", Integer),
    Index("ix_change_log_inspection", "inspection_id", "id"),
    Index("ix_change_log_facility", "facility", "id"),
)
