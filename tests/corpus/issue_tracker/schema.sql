-- Project management and issue tracking application (projects, issues,
-- journals, time tracking, wiki, forums, repositories, custom fields).
-- Modeled on the data model of Redmine, with the foreign keys the Rails
-- application keeps only in its models written out as constraints.
-- Written for pgmock's schema corpus; see tests/corpus/README.md.

CREATE FUNCTION touch_updated_on() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_on := now();
    RETURN NEW;
END
$$;

------------------------------------------------------------------------------
-- Accounts
------------------------------------------------------------------------------

CREATE TABLE auth_sources (
    id                serial PRIMARY KEY,
    type              varchar(30) NOT NULL DEFAULT '',
    name              varchar(60) NOT NULL DEFAULT '',
    host              varchar(60),
    port              integer CHECK (port BETWEEN 1 AND 65535),
    account           varchar(255),
    account_password  varchar(255) DEFAULT '',
    base_dn           varchar(255),
    attr_login        varchar(30),
    attr_firstname    varchar(30),
    attr_lastname     varchar(30),
    attr_mail         varchar(30),
    onthefly_register boolean NOT NULL DEFAULT false,
    tls               boolean NOT NULL DEFAULT false,
    filter            text,
    timeout           integer,
    verify_peer       boolean NOT NULL DEFAULT true
);

-- Users, groups and the anonymous user share this table (type column).
CREATE TABLE users (
    id                 serial PRIMARY KEY,
    login              varchar(255) NOT NULL DEFAULT '',
    hashed_password    varchar(40) NOT NULL DEFAULT '',
    firstname          varchar(30) NOT NULL DEFAULT '',
    lastname           varchar(255) NOT NULL DEFAULT '',
    admin              boolean NOT NULL DEFAULT false,
    status             integer NOT NULL DEFAULT 1 CHECK (status IN (0, 1, 2, 3)),
    last_login_on      timestamp without time zone,
    language           varchar(5) DEFAULT '',
    auth_source_id     integer REFERENCES auth_sources (id),
    created_on         timestamp without time zone,
    updated_on         timestamp without time zone,
    type               varchar(255),
    mail_notification  varchar(255) NOT NULL DEFAULT '',
    salt               varchar(64),
    must_change_passwd boolean NOT NULL DEFAULT false,
    passwd_changed_on  timestamp without time zone,
    twofa_scheme       varchar(255),
    twofa_totp_key     varchar(255),
    twofa_totp_last_used_at integer
);
CREATE INDEX index_users_on_id_and_type ON users (id, type);
CREATE INDEX index_users_on_type ON users (type);
CREATE INDEX index_users_on_auth_source_id ON users (auth_source_id);
CREATE UNIQUE INDEX index_users_on_lower_login ON users (lower(login)) WHERE login <> '';
COMMENT ON COLUMN users.status IS '0 anonymous, 1 active, 2 registered, 3 locked';
COMMENT ON COLUMN users.type IS 'User, Group, GroupAnonymous, GroupNonMember or AnonymousUser';

CREATE TABLE email_addresses (
    id         serial PRIMARY KEY,
    user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address    varchar(255) NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    notify     boolean NOT NULL DEFAULT true,
    created_on timestamp without time zone NOT NULL,
    updated_on timestamp without time zone NOT NULL
);
CREATE INDEX index_email_addresses_on_user_id ON email_addresses (user_id);
CREATE UNIQUE INDEX index_email_addresses_on_lower_address ON email_addresses (lower(address));
CREATE UNIQUE INDEX index_email_addresses_one_default ON email_addresses (user_id) WHERE is_default;

CREATE TABLE user_preferences (
    id        serial PRIMARY KEY,
    user_id   integer NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    others    text,
    hide_mail boolean DEFAULT true,
    time_zone varchar(255)
);

CREATE TABLE groups_users (
    group_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_id  integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE tokens (
    id         serial PRIMARY KEY,
    user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    action     varchar(30) NOT NULL DEFAULT '',
    value      varchar(40) NOT NULL DEFAULT '' UNIQUE,
    created_on timestamp without time zone NOT NULL,
    updated_on timestamp without time zone
);
CREATE INDEX index_tokens_on_user_id ON tokens (user_id);

------------------------------------------------------------------------------
-- Projects and their configuration
------------------------------------------------------------------------------

CREATE TABLE issue_statuses (
    id                 serial PRIMARY KEY,
    name               varchar(30) NOT NULL DEFAULT '',
    description        varchar(255),
    is_closed          boolean NOT NULL DEFAULT false,
    position           integer,
    default_done_ratio integer CHECK (default_done_ratio BETWEEN 0 AND 100)
);
CREATE INDEX index_issue_statuses_on_is_closed ON issue_statuses (is_closed);
CREATE INDEX index_issue_statuses_on_position ON issue_statuses (position);

CREATE TABLE trackers (
    id                serial PRIMARY KEY,
    name              varchar(30) NOT NULL DEFAULT '',
    description       varchar(255),
    is_in_chlog       boolean NOT NULL DEFAULT false,
    position          integer,
    is_in_roadmap     boolean NOT NULL DEFAULT true,
    fields_bits       integer DEFAULT 0,
    default_status_id integer REFERENCES issue_statuses (id)
);

CREATE TABLE projects (
    id                     serial PRIMARY KEY,
    name                   varchar(255) NOT NULL DEFAULT '',
    description            text,
    homepage               varchar(255) DEFAULT '',
    is_public              boolean NOT NULL DEFAULT true,
    parent_id              integer REFERENCES projects (id),
    created_on             timestamp without time zone,
    updated_on             timestamp without time zone,
    identifier             varchar(255) UNIQUE,
    status                 integer NOT NULL DEFAULT 1 CHECK (status IN (1, 5, 9, 10)),
    lft                    integer,
    rgt                    integer,
    inherit_members        boolean NOT NULL DEFAULT false,
    default_version_id     integer,
    default_assigned_to_id integer REFERENCES users (id),
    default_issue_query_id integer
);
CREATE INDEX index_projects_on_lft ON projects (lft);
CREATE INDEX index_projects_on_rgt ON projects (rgt);
COMMENT ON COLUMN projects.status IS '1 active, 5 closed, 9 archived, 10 scheduled for deletion';
COMMENT ON COLUMN projects.lft IS 'Nested set bounds of the project tree';

CREATE TABLE enabled_modules (
    id         serial PRIMARY KEY,
    project_id integer REFERENCES projects (id) ON DELETE CASCADE,
    name       varchar(255) NOT NULL
);
CREATE INDEX enabled_modules_project_id ON enabled_modules (project_id);

CREATE TABLE projects_trackers (
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tracker_id integer NOT NULL REFERENCES trackers (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, tracker_id)
);

-- Priorities, time-entry activities and document categories, told apart by type.
CREATE TABLE enumerations (
    id            serial PRIMARY KEY,
    name          varchar(30) NOT NULL DEFAULT '',
    position      integer,
    is_default    boolean NOT NULL DEFAULT false,
    type          varchar(255),
    active        boolean NOT NULL DEFAULT true,
    project_id    integer REFERENCES projects (id),
    parent_id     integer REFERENCES enumerations (id),
    position_name varchar(30)
);
CREATE INDEX index_enumerations_on_id_and_type ON enumerations (id, type);
CREATE INDEX index_enumerations_on_project_id ON enumerations (project_id);

CREATE TABLE roles (
    id                      serial PRIMARY KEY,
    name                    varchar(255) NOT NULL DEFAULT '',
    position                integer,
    assignable              boolean DEFAULT true,
    builtin                 integer NOT NULL DEFAULT 0,
    permissions             text,
    issues_visibility       varchar(30) NOT NULL DEFAULT 'default',
    users_visibility        varchar(30) NOT NULL DEFAULT 'all',
    time_entries_visibility varchar(30) NOT NULL DEFAULT 'all',
    all_roles_managed       boolean NOT NULL DEFAULT true,
    settings                text
);

CREATE TABLE roles_managed_roles (
    role_id         integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    managed_role_id integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, managed_role_id)
);

CREATE TABLE members (
    id                serial PRIMARY KEY,
    user_id           integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id        integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_on        timestamp without time zone,
    mail_notification boolean NOT NULL DEFAULT false,
    CONSTRAINT members_user_project_key UNIQUE (user_id, project_id)
);
CREATE INDEX index_members_on_project_id ON members (project_id);

CREATE TABLE member_roles (
    id             serial PRIMARY KEY,
    member_id      integer NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    role_id        integer NOT NULL REFERENCES roles (id),
    inherited_from integer REFERENCES member_roles (id)
);
CREATE INDEX index_member_roles_on_member_id ON member_roles (member_id);
CREATE INDEX index_member_roles_on_role_id ON member_roles (role_id);

CREATE TABLE workflows (
    id            serial PRIMARY KEY,
    tracker_id    integer NOT NULL REFERENCES trackers (id) ON DELETE CASCADE,
    old_status_id integer NOT NULL REFERENCES issue_statuses (id),
    new_status_id integer NOT NULL DEFAULT 0,
    role_id       integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    assignee      boolean NOT NULL DEFAULT false,
    author        boolean NOT NULL DEFAULT false,
    type          varchar(30),
    field_name    varchar(30),
    rule          varchar(30)
);
CREATE INDEX wkfs_role_tracker_old_status ON workflows (role_id, tracker_id, old_status_id);

CREATE TABLE versions (
    id              serial PRIMARY KEY,
    project_id      integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            varchar(255) NOT NULL DEFAULT '',
    description     varchar(255) DEFAULT '',
    effective_date  date,
    created_on      timestamp without time zone,
    updated_on      timestamp without time zone,
    wiki_page_title varchar(255),
    status          varchar(255) DEFAULT 'open' CHECK (status IN ('open', 'locked', 'closed')),
    sharing         varchar(255) NOT NULL DEFAULT 'none'
                        CHECK (sharing IN ('none', 'descendants', 'hierarchy', 'tree', 'system'))
);
CREATE INDEX versions_project_id ON versions (project_id);
CREATE INDEX index_versions_on_sharing ON versions (sharing);

ALTER TABLE projects ADD CONSTRAINT projects_default_version_fkey
    FOREIGN KEY (default_version_id) REFERENCES versions (id) ON DELETE SET NULL;

CREATE TABLE issue_categories (
    id             serial PRIMARY KEY,
    project_id     integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           varchar(60) NOT NULL DEFAULT '',
    assigned_to_id integer REFERENCES users (id)
);
CREATE INDEX issue_categories_project_id ON issue_categories (project_id);

------------------------------------------------------------------------------
-- Issues
------------------------------------------------------------------------------

CREATE TABLE issues (
    id               serial PRIMARY KEY,
    tracker_id       integer NOT NULL REFERENCES trackers (id),
    project_id       integer NOT NULL REFERENCES projects (id),
    subject          varchar(255) NOT NULL DEFAULT '',
    description      text,
    due_date         date,
    category_id      integer REFERENCES issue_categories (id) ON DELETE SET NULL,
    status_id        integer NOT NULL REFERENCES issue_statuses (id),
    assigned_to_id   integer REFERENCES users (id),
    priority_id      integer NOT NULL REFERENCES enumerations (id),
    fixed_version_id integer REFERENCES versions (id) ON DELETE SET NULL,
    author_id        integer NOT NULL REFERENCES users (id),
    lock_version     integer NOT NULL DEFAULT 0,
    created_on       timestamp without time zone,
    updated_on       timestamp without time zone,
    start_date       date,
    done_ratio       integer NOT NULL DEFAULT 0 CHECK (done_ratio BETWEEN 0 AND 100),
    estimated_hours  double precision CHECK (estimated_hours >= 0),
    parent_id        integer REFERENCES issues (id),
    root_id          integer,
    lft              integer,
    rgt              integer,
    is_private       boolean NOT NULL DEFAULT false,
    closed_on        timestamp without time zone,
    search_vector    tsvector
);
CREATE INDEX issues_project_id ON issues (project_id);
CREATE INDEX index_issues_on_status_id ON issues (status_id);
CREATE INDEX index_issues_on_category_id ON issues (category_id);
CREATE INDEX index_issues_on_assigned_to_id ON issues (assigned_to_id);
CREATE INDEX index_issues_on_fixed_version_id ON issues (fixed_version_id);
CREATE INDEX index_issues_on_tracker_id ON issues (tracker_id);
CREATE INDEX index_issues_on_priority_id ON issues (priority_id);
CREATE INDEX index_issues_on_author_id ON issues (author_id);
CREATE INDEX index_issues_on_created_on ON issues (created_on);
CREATE INDEX index_issues_on_root_id_and_lft_and_rgt ON issues (root_id, lft, rgt);
CREATE INDEX index_issues_on_parent_id ON issues (parent_id);
-- "My open issues": the home page query.
CREATE INDEX index_issues_open_by_assignee ON issues (assigned_to_id, updated_on DESC)
    WHERE closed_on IS NULL;
CREATE INDEX index_issues_search ON issues USING gin (search_vector);
COMMENT ON COLUMN issues.search_vector IS 'Full-text vector of subject and description (trigger)';

CREATE FUNCTION issues_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.subject, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.description, '')), 'B');
    RETURN NEW;
END
$$;
CREATE TRIGGER issues_search_vector BEFORE INSERT OR UPDATE OF subject, description ON issues
    FOR EACH ROW EXECUTE FUNCTION issues_search_vector_update();
CREATE TRIGGER issues_touch BEFORE UPDATE ON issues
    FOR EACH ROW EXECUTE FUNCTION touch_updated_on();

CREATE TABLE issue_relations (
    id            serial PRIMARY KEY,
    issue_from_id integer NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    issue_to_id   integer NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    relation_type varchar(255) NOT NULL DEFAULT ''
        CHECK (relation_type IN ('relates', 'duplicates', 'duplicated', 'blocks', 'blocked',
                                 'precedes', 'follows', 'copied_to', 'copied_from')),
    delay         integer,
    CONSTRAINT issue_relations_from_to_key UNIQUE (issue_from_id, issue_to_id),
    CONSTRAINT issue_relations_not_self CHECK (issue_from_id <> issue_to_id)
);
CREATE INDEX index_issue_relations_on_issue_to_id ON issue_relations (issue_to_id);

-- Change history of issues and other objects (polymorphic journalized_*).
CREATE TABLE journals (
    id               serial PRIMARY KEY,
    journalized_id   integer NOT NULL DEFAULT 0,
    journalized_type varchar(30) NOT NULL DEFAULT '',
    user_id          integer NOT NULL REFERENCES users (id),
    notes            text,
    created_on       timestamp without time zone NOT NULL,
    private_notes    boolean NOT NULL DEFAULT false,
    updated_on       timestamp without time zone,
    updated_by_id    integer REFERENCES users (id)
);
CREATE INDEX journals_journalized_id ON journals (journalized_id, journalized_type);
CREATE INDEX index_journals_on_user_id ON journals (user_id);
CREATE INDEX index_journals_on_created_on ON journals (created_on);

CREATE TABLE journal_details (
    id        serial PRIMARY KEY,
    journal_id integer NOT NULL REFERENCES journals (id) ON DELETE CASCADE,
    property  varchar(30) NOT NULL DEFAULT '',
    prop_key  varchar(30) NOT NULL DEFAULT '',
    old_value text,
    value     text
);
CREATE INDEX journal_details_journal_id ON journal_details (journal_id);

CREATE TABLE watchers (
    id             serial PRIMARY KEY,
    watchable_type varchar(255) NOT NULL DEFAULT '',
    watchable_id   integer NOT NULL DEFAULT 0,
    user_id        integer REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX watchers_user_id_type ON watchers (user_id, watchable_type);
CREATE INDEX index_watchers_on_watchable_id_and_watchable_type ON watchers (watchable_id, watchable_type);

CREATE TABLE time_entries (
    id          serial PRIMARY KEY,
    project_id  integer NOT NULL REFERENCES projects (id),
    author_id   integer REFERENCES users (id),
    user_id     integer NOT NULL REFERENCES users (id),
    issue_id    integer REFERENCES issues (id) ON DELETE SET NULL,
    hours       double precision NOT NULL CHECK (hours >= 0 AND hours <= 1000),
    comments    varchar(1024),
    activity_id integer NOT NULL REFERENCES enumerations (id),
    spent_on    date NOT NULL,
    tyear       integer NOT NULL,
    tmonth      integer NOT NULL CHECK (tmonth BETWEEN 1 AND 12),
    tweek       integer NOT NULL CHECK (tweek BETWEEN 1 AND 53),
    created_on  timestamp without time zone NOT NULL,
    updated_on  timestamp without time zone NOT NULL
);
CREATE INDEX time_entries_project_id ON time_entries (project_id);
CREATE INDEX time_entries_issue_id ON time_entries (issue_id);
CREATE INDEX index_time_entries_on_activity_id ON time_entries (activity_id);
CREATE INDEX index_time_entries_on_user_id ON time_entries (user_id);
CREATE INDEX index_time_entries_on_created_on ON time_entries (created_on);
COMMENT ON COLUMN time_entries.tyear IS 'Year of spent_on, denormalized for reports';

CREATE TABLE attachments (
    id             serial PRIMARY KEY,
    container_id   integer,
    container_type varchar(30),
    filename       varchar(255) NOT NULL DEFAULT '',
    disk_filename  varchar(255) NOT NULL DEFAULT '',
    filesize       bigint NOT NULL DEFAULT 0 CHECK (filesize >= 0),
    content_type   varchar(255) DEFAULT '',
    digest         varchar(64) NOT NULL DEFAULT '',
    downloads      integer NOT NULL DEFAULT 0,
    author_id      integer NOT NULL REFERENCES users (id),
    created_on     timestamp without time zone,
    description    varchar(255),
    disk_directory varchar(255)
);
CREATE INDEX index_attachments_on_author_id ON attachments (author_id);
CREATE INDEX index_attachments_on_created_on ON attachments (created_on);
CREATE INDEX index_attachments_on_container_id_and_container_type ON attachments (container_id, container_type);
CREATE INDEX index_attachments_on_disk_filename ON attachments (disk_filename);

------------------------------------------------------------------------------
-- Custom fields
------------------------------------------------------------------------------

CREATE TABLE custom_fields (
    id              serial PRIMARY KEY,
    type            varchar(30) NOT NULL DEFAULT '',
    name            varchar(30) NOT NULL DEFAULT '',
    field_format    varchar(30) NOT NULL DEFAULT '',
    possible_values text,
    regexp          varchar(255) DEFAULT '',
    min_length      integer,
    max_length      integer,
    is_required     boolean NOT NULL DEFAULT false,
    is_for_all      boolean NOT NULL DEFAULT false,
    is_filter       boolean NOT NULL DEFAULT false,
    position        integer,
    searchable      boolean DEFAULT false,
    default_value   text,
    editable        boolean DEFAULT true,
    visible         boolean NOT NULL DEFAULT true,
    multiple        boolean DEFAULT false,
    format_store    text,
    description     text,
    CONSTRAINT custom_fields_length_range CHECK (min_length IS NULL OR max_length IS NULL OR min_length <= max_length)
);
CREATE INDEX index_custom_fields_on_id_and_type ON custom_fields (id, type);

CREATE TABLE custom_field_enumerations (
    id              serial PRIMARY KEY,
    custom_field_id integer NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    name            varchar(255) NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    position        integer NOT NULL DEFAULT 1
);

CREATE TABLE custom_fields_projects (
    custom_field_id integer NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    project_id      integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (custom_field_id, project_id)
);

CREATE TABLE custom_fields_trackers (
    custom_field_id integer NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    tracker_id      integer NOT NULL REFERENCES trackers (id) ON DELETE CASCADE,
    PRIMARY KEY (custom_field_id, tracker_id)
);

CREATE TABLE custom_fields_roles (
    custom_field_id integer NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    role_id         integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (custom_field_id, role_id)
);

CREATE TABLE custom_values (
    id              serial PRIMARY KEY,
    customized_type varchar(30) NOT NULL DEFAULT '',
    customized_id   integer NOT NULL DEFAULT 0,
    custom_field_id integer NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    value           text
);
CREATE INDEX custom_values_customized ON custom_values (customized_type, customized_id);
CREATE INDEX index_custom_values_on_custom_field_id ON custom_values (custom_field_id);

------------------------------------------------------------------------------
-- News, forums, documents, wiki
------------------------------------------------------------------------------

CREATE TABLE news (
    id             serial PRIMARY KEY,
    project_id     integer REFERENCES projects (id) ON DELETE CASCADE,
    title          varchar(60) NOT NULL DEFAULT '',
    summary        varchar(255) DEFAULT '',
    description    text,
    author_id      integer NOT NULL REFERENCES users (id),
    created_on     timestamp without time zone,
    comments_count integer NOT NULL DEFAULT 0 CHECK (comments_count >= 0)
);
CREATE INDEX news_project_id ON news (project_id);
CREATE INDEX index_news_on_created_on ON news (created_on);

CREATE TABLE comments (
    id             serial PRIMARY KEY,
    commented_type varchar(30) NOT NULL DEFAULT '',
    commented_id   integer NOT NULL DEFAULT 0,
    author_id      integer NOT NULL REFERENCES users (id),
    content        text,
    created_on     timestamp without time zone NOT NULL,
    updated_on     timestamp without time zone NOT NULL
);
CREATE INDEX index_comments_on_commented_id_and_commented_type ON comments (commented_id, commented_type);

-- Keeps news.comments_count in step with the comments on a news item.
CREATE FUNCTION news_comments_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.commented_type = 'News' THEN
        UPDATE news SET comments_count = comments_count + 1 WHERE id = NEW.commented_id;
    ELSIF TG_OP = 'DELETE' AND OLD.commented_type = 'News' THEN
        UPDATE news SET comments_count = comments_count - 1 WHERE id = OLD.commented_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER comments_count AFTER INSERT OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION news_comments_count();

CREATE TABLE boards (
    id              serial PRIMARY KEY,
    project_id      integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            varchar(255) NOT NULL DEFAULT '',
    description     varchar(255),
    position        integer,
    topics_count    integer NOT NULL DEFAULT 0,
    messages_count  integer NOT NULL DEFAULT 0,
    last_message_id integer,
    parent_id       integer REFERENCES boards (id)
);
CREATE INDEX boards_project_id ON boards (project_id);

CREATE TABLE messages (
    id            serial PRIMARY KEY,
    board_id      integer NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    parent_id     integer REFERENCES messages (id) ON DELETE CASCADE,
    subject       varchar(255) NOT NULL DEFAULT '',
    content       text,
    author_id     integer REFERENCES users (id),
    replies_count integer NOT NULL DEFAULT 0,
    last_reply_id integer REFERENCES messages (id) ON DELETE SET NULL,
    created_on    timestamp without time zone NOT NULL,
    updated_on    timestamp without time zone NOT NULL,
    locked        boolean DEFAULT false,
    sticky        integer DEFAULT 0
);
CREATE INDEX messages_board_id ON messages (board_id);
CREATE INDEX messages_parent_id ON messages (parent_id);
CREATE INDEX index_messages_on_author_id ON messages (author_id);
CREATE INDEX index_messages_on_created_on ON messages (created_on);

ALTER TABLE boards ADD CONSTRAINT boards_last_message_fkey
    FOREIGN KEY (last_message_id) REFERENCES messages (id) ON DELETE SET NULL;

CREATE TABLE documents (
    id          serial PRIMARY KEY,
    project_id  integer NOT NULL DEFAULT 0 REFERENCES projects (id) ON DELETE CASCADE,
    category_id integer NOT NULL DEFAULT 0 REFERENCES enumerations (id),
    title       varchar(255) NOT NULL DEFAULT '',
    description text,
    created_on  timestamp without time zone
);
CREATE INDEX documents_project_id ON documents (project_id);
CREATE INDEX index_documents_on_category_id ON documents (category_id);

CREATE TABLE wikis (
    id         serial PRIMARY KEY,
    project_id integer NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE,
    start_page varchar(255) NOT NULL,
    status     integer NOT NULL DEFAULT 1
);

CREATE TABLE wiki_pages (
    id         serial PRIMARY KEY,
    wiki_id    integer NOT NULL REFERENCES wikis (id) ON DELETE CASCADE,
    title      varchar(255) NOT NULL,  -- pgmock: generator=core.text
    created_on timestamp without time zone NOT NULL,
    protected  boolean NOT NULL DEFAULT false,
    parent_id  integer REFERENCES wiki_pages (id) ON DELETE SET NULL,
    CONSTRAINT wiki_pages_wiki_title_key UNIQUE (wiki_id, title)
);
CREATE INDEX index_wiki_pages_on_parent_id ON wiki_pages (parent_id);

CREATE TABLE wiki_contents (
    id         serial PRIMARY KEY,
    page_id    integer NOT NULL UNIQUE REFERENCES wiki_pages (id) ON DELETE CASCADE,
    author_id  integer REFERENCES users (id),
    text       text,
    comments   varchar(1024) DEFAULT '',
    updated_on timestamp without time zone NOT NULL,
    version    integer NOT NULL CHECK (version > 0)
);
CREATE INDEX index_wiki_contents_on_author_id ON wiki_contents (author_id);

CREATE TABLE wiki_content_versions (
    id              serial PRIMARY KEY,
    wiki_content_id integer NOT NULL REFERENCES wiki_contents (id) ON DELETE CASCADE,
    page_id         integer NOT NULL REFERENCES wiki_pages (id) ON DELETE CASCADE,
    author_id       integer REFERENCES users (id),
    data            bytea,
    compression     varchar(6) DEFAULT '',
    comments        varchar(1024) DEFAULT '',
    updated_on      timestamp without time zone NOT NULL,
    version         integer NOT NULL,
    CONSTRAINT wiki_content_versions_page_version_key UNIQUE (page_id, version)
);
CREATE INDEX wiki_content_versions_wcid ON wiki_content_versions (wiki_content_id);

CREATE TABLE wiki_redirects (
    id                   serial PRIMARY KEY,
    wiki_id              integer NOT NULL REFERENCES wikis (id) ON DELETE CASCADE,
    title                varchar(255),
    redirects_to         varchar(255),
    created_on           timestamp without time zone NOT NULL,
    redirects_to_wiki_id integer NOT NULL REFERENCES wikis (id) ON DELETE CASCADE
);
CREATE INDEX wiki_redirects_wiki_id_title ON wiki_redirects (wiki_id, title);

------------------------------------------------------------------------------
-- Source repositories
------------------------------------------------------------------------------

CREATE TABLE repositories (
    id            serial PRIMARY KEY,
    project_id    integer NOT NULL DEFAULT 0 REFERENCES projects (id) ON DELETE CASCADE,
    url           varchar(255) NOT NULL DEFAULT '',
    login         varchar(60) DEFAULT '',
    password      varchar(255) DEFAULT '',
    root_url      varchar(255) DEFAULT '',
    type          varchar(255),
    path_encoding varchar(64),
    log_encoding  varchar(64),
    extra_info    text,
    identifier    varchar(255),
    is_default    boolean DEFAULT false,
    created_on    timestamp without time zone
);
CREATE INDEX index_repositories_on_project_id ON repositories (project_id);

CREATE TABLE changesets (
    id            serial PRIMARY KEY,
    repository_id integer NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    revision      varchar(255) NOT NULL,
    committer     varchar(255),
    committed_on  timestamp without time zone NOT NULL,
    comments      text,
    commit_date   date,
    scmid         varchar(255),
    user_id       integer REFERENCES users (id),
    CONSTRAINT changesets_repos_rev UNIQUE (repository_id, revision)
);
CREATE INDEX index_changesets_on_user_id ON changesets (user_id);
CREATE INDEX index_changesets_on_committed_on ON changesets (committed_on);
CREATE INDEX changesets_repos_scmid ON changesets (repository_id, scmid);

CREATE TABLE changes (
    id            serial PRIMARY KEY,
    changeset_id  integer NOT NULL REFERENCES changesets (id) ON DELETE CASCADE,
    action        varchar(1) NOT NULL DEFAULT '' CHECK (action IN ('A', 'M', 'D', 'R')),
    path          text NOT NULL,
    from_path     text,
    from_revision varchar(255),
    revision      varchar(255),
    branch        varchar(255)
);
CREATE INDEX changesets_changeset_id ON changes (changeset_id);

CREATE TABLE changesets_issues (
    changeset_id integer NOT NULL REFERENCES changesets (id) ON DELETE CASCADE,
    issue_id     integer NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    CONSTRAINT changesets_issues_ids UNIQUE (changeset_id, issue_id)
);

CREATE TABLE changeset_parents (
    changeset_id integer NOT NULL REFERENCES changesets (id) ON DELETE CASCADE,
    parent_id    integer NOT NULL REFERENCES changesets (id) ON DELETE CASCADE
);
CREATE INDEX changeset_parents_changeset_ids ON changeset_parents (changeset_id);
CREATE INDEX changeset_parents_parent_ids ON changeset_parents (parent_id);

------------------------------------------------------------------------------
-- Saved queries and settings
------------------------------------------------------------------------------

CREATE TABLE queries (
    id            serial PRIMARY KEY,
    project_id    integer REFERENCES projects (id) ON DELETE CASCADE,
    name          varchar(255) NOT NULL DEFAULT '',
    filters       text,
    user_id       integer NOT NULL DEFAULT 0,
    column_names  text,
    sort_criteria text,
    group_by      varchar(255),
    type          varchar(255),
    visibility    integer DEFAULT 0 CHECK (visibility IN (0, 1, 2)),
    options       text
);
CREATE INDEX index_queries_on_project_id ON queries (project_id);
CREATE INDEX index_queries_on_user_id ON queries (user_id);
COMMENT ON COLUMN queries.visibility IS '0 private, 1 roles, 2 public';

ALTER TABLE projects ADD CONSTRAINT projects_default_issue_query_fkey
    FOREIGN KEY (default_issue_query_id) REFERENCES queries (id) ON DELETE SET NULL;

CREATE TABLE settings (
    id         serial PRIMARY KEY,
    name       varchar(255) NOT NULL DEFAULT '' UNIQUE,
    value      text,
    updated_on timestamp without time zone
);

------------------------------------------------------------------------------
-- Reporting
------------------------------------------------------------------------------

CREATE VIEW open_issues AS
SELECT i.id, p.identifier AS project, t.name AS tracker, s.name AS status,
       pr.name AS priority, i.subject, i.assigned_to_id, i.due_date, i.updated_on
  FROM issues i
  JOIN projects p ON p.id = i.project_id
  JOIN trackers t ON t.id = i.tracker_id
  JOIN issue_statuses s ON s.id = i.status_id
  JOIN enumerations pr ON pr.id = i.priority_id
 WHERE NOT s.is_closed;

CREATE MATERIALIZED VIEW monthly_time_spent AS
SELECT te.project_id, te.tyear, te.tmonth, te.user_id,
       sum(te.hours) AS hours, count(*) AS entries
  FROM time_entries te
 GROUP BY te.project_id, te.tyear, te.tmonth, te.user_id
WITH NO DATA;
CREATE UNIQUE INDEX monthly_time_spent_key ON monthly_time_spent (project_id, tyear, tmonth, user_id);

COMMENT ON TABLE issues IS 'Issues (bugs, features, tasks) of a project';
COMMENT ON TABLE journals IS 'Notes and change sets recorded when an issue is edited';
COMMENT ON TABLE time_entries IS 'Time spent, per user, day and (optionally) issue';
