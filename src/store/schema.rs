//! Numbered migrations, keyed on PRAGMA user_version. Migration N brings a file from version
//! N-1 to N; each runs in its own transaction. Never edit a migration that has shipped: add one.

pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The whole data model of DESIGN.md. Every user table has a UUID primary key (TEXT),
/// created_at and updated_at (RFC 3339 UTC). Catalog tables say where a row came from in
/// `source` ('catalog' for the embedded seed, 'user' for the person's own, 'file:<name>' for a
/// user catalog file) and hide rather than delete what a catalog no longer ships.
const V1: &str = r#"
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE person (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    pseudonym TEXT NOT NULL UNIQUE,
    email TEXT,
    career_stage TEXT,
    current_role TEXT,
    subjects TEXT NOT NULL DEFAULT '[]',
    grade_band TEXT,
    state TEXT,
    birth_month INTEGER CHECK (birth_month BETWEEN 1 AND 12),
    first_school_year INTEGER,
    practicing INTEGER NOT NULL DEFAULT 1,
    is_owner INTEGER NOT NULL DEFAULT 0,
    registration_end TEXT,
    onboarded INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX person_one_owner ON person(is_owner) WHERE is_owner = 1;
CREATE INDEX person_email ON person(email) WHERE email IS NOT NULL;

CREATE TABLE teaching_year (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    load TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (person_id, school_year)
);

CREATE TABLE certificate (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    area TEXT NOT NULL,
    esol_bilingual INTEGER NOT NULL DEFAULT 0,
    issued TEXT,
    expires TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX certificate_person ON certificate(person_id);

CREATE TABLE degree (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    field TEXT NOT NULL,
    year INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX degree_person ON degree(person_id);

CREATE TABLE cohort (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    program TEXT NOT NULL DEFAULT '',
    term TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE cohort_member (
    id TEXT PRIMARY KEY,
    cohort_id TEXT NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (cohort_id, person_id)
);
CREATE INDEX cohort_member_person ON cohort_member(person_id);

CREATE TABLE attachment (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Catalog: credential programs and their credentials.
CREATE TABLE credential_program (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    rules TEXT NOT NULL,
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE credential (
    id TEXT PRIMARY KEY,
    program_id TEXT NOT NULL REFERENCES credential_program(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    skill TEXT NOT NULL,
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (program_id, key)
);

-- Rubric components, recorded once per credential and shared by every attempt.
CREATE TABLE credential_component (
    id TEXT PRIMARY KEY,
    credential_id TEXT NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    is_example INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT 'user',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX component_credential ON credential_component(credential_id, position);

CREATE TABLE application (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL REFERENCES credential(id),
    status TEXT NOT NULL,
    planned_on TEXT,
    paid_on TEXT,
    fee_cents INTEGER NOT NULL DEFAULT 0,
    closed_on TEXT,
    badge_url TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX application_person ON application(person_id, credential_id);

CREATE TABLE submission (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    submitted_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (application_id, number)
);

CREATE TABLE artifact (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    attachment_id TEXT REFERENCES attachment(id),
    names_removed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX artifact_submission ON artifact(submission_id, position);

CREATE TABLE reflection_part (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
    component_id TEXT NOT NULL REFERENCES credential_component(id),
    text TEXT NOT NULL DEFAULT '',
    private INTEGER NOT NULL DEFAULT 0,
    artifacts TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (submission_id, component_id)
);

CREATE TABLE evaluation (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submission(id) ON DELETE CASCADE,
    evaluated_on TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    feedback TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Catalog: renewal requirements and kinds of learning.
CREATE TABLE requirement (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    rules TEXT NOT NULL,
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE learning_kind (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sustained INTEGER NOT NULL,
    job_embedded INTEGER NOT NULL,
    collaborative INTEGER NOT NULL,
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Catalog: the career lattice.
CREATE TABLE role (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_position INTEGER NOT NULL,
    description TEXT NOT NULL,
    subjects TEXT NOT NULL DEFAULT '[]',
    grade_band TEXT NOT NULL DEFAULT '',
    compensation TEXT NOT NULL DEFAULT '',
    tlms TEXT NOT NULL DEFAULT '[]',
    prereqs TEXT NOT NULL DEFAULT '[]',
    fact_source TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE role_link (
    id TEXT PRIMARY KEY,
    from_role TEXT NOT NULL REFERENCES role(id),
    to_role TEXT NOT NULL REFERENCES role(id),
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (from_role, to_role)
);

CREATE TABLE learning_entry (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    hours REAL NOT NULL CHECK (hours > 0),
    title TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    sponsor TEXT NOT NULL DEFAULT '',
    sponsor_approved INTEGER NOT NULL DEFAULT 0,
    sponsor_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'other',
    format TEXT,
    ctle_hours REAL,
    language_acquisition INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]',
    reflection TEXT NOT NULL DEFAULT '',
    reflection_private INTEGER NOT NULL DEFAULT 0,
    attachment_id TEXT REFERENCES attachment(id),
    target_id TEXT,
    application_id TEXT REFERENCES application(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- A person's learning by date, covering the hours: monthly totals never touch the table.
CREATE INDEX learning_person_date ON learning_entry(person_id, date, hours);

CREATE TABLE target (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES role(id),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (person_id, role_id)
);

CREATE TABLE milestone (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    target_id TEXT REFERENCES target(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    due_on TEXT,
    status TEXT NOT NULL,
    done_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX milestone_person_due ON milestone(person_id, due_on);

CREATE TABLE milestone_evidence (
    id TEXT PRIMARY KEY,
    milestone_id TEXT NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (milestone_id, kind, record_id)
);

-- Catalog plus the person's own organizations.
CREATE TABLE organization (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    acronym TEXT NOT NULL DEFAULT '',
    kinds TEXT NOT NULL DEFAULT '[]',
    subjects TEXT NOT NULL DEFAULT '[]',
    grade_band TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL DEFAULT 'national',
    description TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    website_unverified INTEGER NOT NULL DEFAULT 0,
    benefits TEXT NOT NULL DEFAULT '[]',
    fact_source TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE membership (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    status TEXT NOT NULL,
    renews_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (person_id, organization_id)
);

CREATE TABLE contact (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relationship TEXT NOT NULL,
    organization_id TEXT REFERENCES organization(id),
    organization_text TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    how_met TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    tracked_person_id TEXT REFERENCES person(id) ON DELETE SET NULL,
    cadence_days INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contact_person ON contact(person_id, name);

CREATE TABLE interaction (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    follow_up_on TEXT,
    follow_up_done INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX interaction_contact_date ON interaction(contact_id, date);

CREATE TABLE coaching_session (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    focus TEXT NOT NULL DEFAULT '',
    focus_record TEXT,
    phase TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    strengths TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    follow_up_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX coaching_person_date ON coaching_session(person_id, date);

-- Text being typed into long fields, saved every second so nothing typed is lost.
CREATE TABLE draft (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#;

/// A person's answers to the lattice's `other` prerequisites ("U.S. citizen": yes or no), keyed
/// by the prerequisite's text so an answer holds for every entry that asks the same thing.
const V2: &str = r#"
CREATE TABLE prereq_answer (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    answer INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (person_id, text)
);
"#;

/// A tombstone trigger pair for each table a bundle covers: deleting a row records its id and
/// when (so a bundle can carry the deletion to a coach); putting a row back (an undo, or a
/// profile save that rewrites a person's certificates) takes the tombstone away again.
macro_rules! tombstones {
    ($($t:ident),+ $(,)?) => {
        concat!($(
            "CREATE TRIGGER ", stringify!($t), "_tombstone AFTER DELETE ON ", stringify!($t),
            " BEGIN INSERT OR REPLACE INTO tombstone (table_name, id, deleted_at) VALUES ('",
            stringify!($t), "', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')); END;\n",
            "CREATE TRIGGER ", stringify!($t), "_untombstone AFTER INSERT ON ", stringify!($t),
            " BEGIN DELETE FROM tombstone WHERE table_name = '", stringify!($t),
            "' AND id = NEW.id; END;\n",
        )+)
    };
}

/// Mentee bundles (docs/json-format.md). `tombstone`: rows deleted here, by table and id, so a
/// bundle carries deletions. `bundle_sync`: for each row a bundle wrote, whose bundle it came
/// from (the person's id in the mentee's file), the bundle's `exported_at` that last wrote it,
/// and the row's `updated_at` just after; a row whose `updated_at` differs has changed here
/// since. `person_link`: a mentee's id in their own file (remote) and the person it is here
/// (local), which differ when a roster made the person first.
const V3: &str = concat!(
    r#"
CREATE TABLE tombstone (
    table_name TEXT NOT NULL,
    id TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (table_name, id)
) WITHOUT ROWID;

CREATE TABLE bundle_sync (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    source_person TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    local_updated_at TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
) WITHOUT ROWID;
CREATE INDEX bundle_sync_source ON bundle_sync(source_person);

CREATE TABLE person_link (
    remote_id TEXT PRIMARY KEY,
    local_id TEXT NOT NULL,
    linked_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_link_local ON person_link(local_id);
"#,
    tombstones!(
        person,
        teaching_year,
        certificate,
        degree,
        attachment,
        application,
        submission,
        artifact,
        reflection_part,
        evaluation,
        learning_entry,
        target,
        milestone,
        milestone_evidence,
        prereq_answer,
        membership,
        contact,
        interaction,
        coaching_session,
    )
);

/// Speed at scale (10,000 organizations, 100,000 learning entries): the organization list reads
/// in name order through an index instead of sorting every row, and an organization's
/// memberships and contacts (counted before it is deleted, listed on its detail) are found
/// without reading those tables whole. One person's monthly totals already read the covering
/// index `learning_person_date` (person, date, hours) of V1.
const V4: &str = r#"
CREATE INDEX organization_name ON organization(name COLLATE NOCASE) WHERE hidden = 0;
CREATE INDEX membership_organization ON membership(organization_id);
CREATE INDEX contact_organization ON contact(organization_id) WHERE organization_id IS NOT NULL;
"#;

/// `lattice orgs` over 10,000 organizations: their folded search keys, kept as one row
/// (store::org_search) so a listing does not read and fold every organization's text. It is
/// only a cache: these triggers empty it in the same transaction as any change to an
/// organization, whichever program makes it, and a listing that finds it empty ranks from the
/// organizations themselves and fills it again.
const V5: &str = r#"
CREATE TABLE organization_search (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format TEXT NOT NULL,
    keys BLOB NOT NULL
);
CREATE TRIGGER organization_search_insert AFTER INSERT ON organization
    BEGIN DELETE FROM organization_search; END;
CREATE TRIGGER organization_search_update AFTER UPDATE ON organization
    BEGIN DELETE FROM organization_search; END;
CREATE TRIGGER organization_search_delete AFTER DELETE ON organization
    BEGIN DELETE FROM organization_search; END;
"#;

/// Deleting a row makes SQLite look for the rows that point at it (to refuse, cascade or set
/// null): without an index on the pointing column, that is a scan of the whole table. Deleting
/// one micro-credential application read all 100,000 learning entries (46 ms instead of 0.3
/// on a 1,000-person file). Every foreign key from a table that grows with people's records
/// now has an index (`store::query_plans_tests` checks it); the nullable ones are partial, as
/// most rows point nowhere.
const V6: &str = r#"
CREATE INDEX learning_application ON learning_entry(application_id) WHERE application_id IS NOT NULL;
CREATE INDEX learning_attachment ON learning_entry(attachment_id) WHERE attachment_id IS NOT NULL;
CREATE INDEX artifact_attachment ON artifact(attachment_id) WHERE attachment_id IS NOT NULL;
CREATE INDEX contact_tracked_person ON contact(tracked_person_id) WHERE tracked_person_id IS NOT NULL;
CREATE INDEX milestone_target ON milestone(target_id) WHERE target_id IS NOT NULL;
CREATE INDEX application_credential ON application(credential_id);
CREATE INDEX reflection_part_component ON reflection_part(component_id);
CREATE INDEX target_role ON target(role_id);
"#;

/// Tables that hold what people wrote (not the catalog), for counts and exports.
pub const USER_TABLES: &[&str] = &[
    "person",
    "teaching_year",
    "certificate",
    "degree",
    "cohort",
    "cohort_member",
    "attachment",
    "application",
    "submission",
    "artifact",
    "reflection_part",
    "evaluation",
    "learning_entry",
    "target",
    "milestone",
    "milestone_evidence",
    "prereq_answer",
    "membership",
    "contact",
    "interaction",
    "coaching_session",
    "draft",
];

/// Bookkeeping for bundles (V3): not what people wrote, so not counted, but carried by a full
/// export so a restored file goes on merging bundles where it left off. `tombstone` travels as
/// a document's `deletions`.
pub const SYNC_TABLES: &[&str] = &["bundle_sync", "person_link"];

/// User tables a person's bundle leaves out: the coach's cohorts and typing drafts.
pub const NOT_IN_BUNDLES: &[&str] = &["cohort", "cohort_member", "draft"];

/// Catalog tables, synced from data/.
pub const CATALOG_TABLES: &[&str] = &[
    "credential_program",
    "credential",
    "credential_component",
    "requirement",
    "learning_kind",
    "role",
    "role_link",
    "organization",
];
