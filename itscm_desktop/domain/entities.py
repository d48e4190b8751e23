"""Every entity of the continuity plan, declared once.

Read it like a models module: each entity lists its fields in the order a form shows them.
Table and field names are part of the file format, the CSV columns and the CLI; rename
nothing without a migration. Sources: NIST SP 800-34 Rev. 1 (BIA, contingency plan
appendices), ISO 22301 clause 8.4, the ITIL service continuity practice.
"""

from __future__ import annotations

from typing import TypedDict, Unpack

from itscm_desktop.domain.registry import Entity, Field, Kind, Registry


class Options(TypedDict, total=False):
    """The optional parts of a field declaration (see `registry.Field`)."""

    required: bool
    searchable: bool
    listed: bool
    minimum: float
    maximum: float
    default: object
    help: str
    system: bool


def text(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.TEXT, **kw)


def longtext(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.LONGTEXT, **kw)


def choice(
    name: str, label: str, choices: tuple[tuple[str, str], ...], **kw: Unpack[Options]
) -> Field:
    return Field(name, label, Kind.CHOICE, choices=choices, **kw)


def ref(name: str, label: str, *tables: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.REF, ref=tables, **kw)


def refs(name: str, label: str, *tables: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.REFS, ref=tables, **kw)


def phone(name: str, label: str, **kw: Unpack[Options]) -> Field:
    """Phone numbers are always searchable: "who has +44 7700…" is a real question."""
    return Field(name, label, Kind.PHONE, **({"searchable": True} | kw))


def email(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.EMAIL, **({"searchable": True} | kw))


def minutes(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.MINUTES, **({"minimum": 0} | kw))


def date(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.DATE, **kw)


def datetime_(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.DATETIME, **kw)


def integer(name: str, label: str, **kw: Unpack[Options]) -> Field:
    return Field(name, label, Kind.INTEGER, **kw)


def notes() -> Field:
    return longtext("notes", "Notes", searchable=True)


# --- Choices -------------------------------------------------------------------------

BIA_CATEGORIES = (
    ("financial", "Financial"),
    ("operational", "Operational"),
    ("legal_regulatory", "Legal / regulatory"),
    ("reputational", "Reputational"),
    ("customer", "Customer"),
    ("health_safety", "Health & safety"),
)
CLASSIFICATIONS = (
    ("public", "PUBLIC"),
    ("internal", "INTERNAL"),
    ("confidential", "CONFIDENTIAL"),
    ("strictly_confidential", "STRICTLY CONFIDENTIAL"),
)
SITE_KINDS = (
    ("office", "Office"),
    ("data_centre", "Data centre"),
    ("alternate_hot", "Alternate site (hot)"),
    ("alternate_warm", "Alternate site (warm)"),
    ("alternate_cold", "Alternate site (cold)"),
    ("colocation", "Colocation"),
    ("cloud_region", "Cloud region"),
    ("other", "Other"),
)
TEAM_PURPOSES = (
    ("crisis_management", "Crisis management"),
    ("it_recovery", "IT recovery"),
    ("network", "Network"),
    ("infrastructure", "Infrastructure"),
    ("applications", "Applications"),
    ("security", "Security"),
    ("communications", "Communications"),
    ("facilities", "Facilities"),
    ("business_recovery", "Business recovery"),
    ("supplier_management", "Supplier management"),
    ("other", "Other"),
)
MEMBERSHIPS = (("primary", "Primary"), ("alternate", "Alternate"))
ASSET_KINDS = (
    ("hardware", "Hardware"),
    ("software", "Software"),
    ("network", "Network"),
    ("data", "Data"),
    ("facility", "Facility"),
    ("cloud", "Cloud"),
)
CRITICALITIES = (("critical", "Critical"), ("high", "High"), ("medium", "Medium"), ("low", "Low"))
BACKUP_FREQUENCIES = (
    ("continuous", "Continuous / replicated"),
    ("hourly", "Hourly"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("none", "No backup"),
)
DEPENDENCY_KINDS = (
    ("runs_on", "runs on"),
    ("needs", "needs"),
    ("provided_by", "provided by"),
    ("hosted_at", "hosted at"),
)
TREATMENTS = (
    ("reduce", "Reduce"),
    ("accept", "Accept"),
    ("transfer", "Transfer"),
    ("avoid", "Avoid"),
)
PHASES = (
    ("activation", "Activation & notification"),
    ("recovery", "Recovery"),
    ("reconstitution", "Reconstitution"),
)
EXERCISE_KINDS = (
    ("walkthrough", "Walkthrough"),
    ("tabletop", "Tabletop"),
    ("simulation", "Simulation"),
    ("parallel", "Parallel test"),
    ("full_interruption", "Full interruption"),
)
ACTION_STATUSES = (
    ("open", "Open"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("wont_do", "Won't do"),
)
SEVERITIES = (("critical", "Critical"), ("major", "Major"), ("minor", "Minor"))
INCIDENT_STATUSES = (
    ("open", "Open"),
    ("contained", "Contained"),
    ("recovering", "Recovering"),
    ("closed", "Closed"),
)
EVENT_KINDS = (
    ("note", "Note"),
    ("decision", "Decision"),
    ("call", "Call"),
    ("escalation", "Escalation"),
    ("step_started", "Step started"),
    ("step_done", "Step done"),
    ("status", "Status change"),
    ("communication", "Communication sent"),
)
CALL_RESULTS = (
    ("reached", "Reached"),
    ("left_message", "Left a message"),
    ("no_answer", "No answer"),
    ("wrong_number", "Wrong number"),
)
AUDIENCES = (
    ("staff", "Staff"),
    ("team", "Response team"),
    ("executives", "Executives"),
    ("customers", "Customers"),
    ("suppliers", "Suppliers"),
    ("regulators", "Regulators"),
    ("media", "Media"),
)
CHANNELS = (
    ("sms", "SMS"),
    ("email", "E-mail"),
    ("phone_script", "Phone script"),
    ("voicemail", "Voicemail"),
    ("website", "Website / status page"),
    ("social", "Social media"),
)

#: Placeholders a message template may use; anything else in braces is a typo.
TEMPLATE_PLACEHOLDERS = (
    "organisation",
    "incident",
    "service",
    "site",
    "time",
    "eta",
    "contact",
    "crisis_line",
    "next_update",
)

#: Tables a document can be attached to.
DOCUMENT_TARGETS = (
    "services",
    "assets",
    "recovery_plans",
    "suppliers",
    "contacts",
    "sites",
    "teams",
    "exercises",
    "incidents",
    "risks",
)

# --- Entities ------------------------------------------------------------------------

PLAN = Entity(
    table="plan",
    label="Plan",
    plural="Plan settings",
    singleton=True,
    title_field="title",
    description="The continuity plan itself: who owns it, what it covers, when it was approved.",
    fields=(
        text("organisation", "Organisation", required=True, searchable=True),
        text("title", "Plan title", required=True, searchable=True),
        text("version", "Version", default="1.0"),
        choice("classification", "Classification", CLASSIFICATIONS, default="confidential"),
        ref("owner_id", "Plan owner", "contacts"),
        longtext("scope", "Scope", searchable=True),
        longtext("assumptions", "Assumptions", searchable=True),
        integer(
            "review_interval_months", "Review every (months)", minimum=1, maximum=60, default=12
        ),
        text("approved_by", "Last approved by"),
        date("approved_on", "Last approved on"),
        date("last_reviewed_on", "Last reviewed on"),
        phone("crisis_line", "Crisis line"),
        Field(
            "phone_region",
            "Country for numbers typed without +",
            Kind.REGION,
            default="GB",
            help="Numbers typed without a leading + are read as numbers of this country.",
        ),
        integer(
            "verify_contacts_days",
            "Re-verify contacts after (days)",
            minimum=1,
            maximum=3650,
            default=180,
        ),
        text("currency", "Currency for impact costs", default="EUR"),
    ),
)

SITES = Entity(
    table="sites",
    label="Site",
    plural="Sites",
    title_field="name",
    description="Offices, data centres, alternate sites and cloud regions.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        choice("kind", "Kind", SITE_KINDS, required=True, listed=True, default="office"),
        longtext("address", "Address", searchable=True, listed=True),
        longtext("access_instructions", "Access instructions", searchable=True),
        phone("phone", "Phone", listed=True),
        notes(),
    ),
)

CONTACTS = Entity(
    table="contacts",
    label="Contact",
    plural="Contacts",
    title_field="full_name",
    description="Everyone the plan may need to reach, staff and suppliers alike.",
    fields=(
        text("full_name", "Full name", required=True, searchable=True, listed=True),
        text("job_title", "Job title", searchable=True, listed=True),
        text("organisation", "Organisation", searchable=True, listed=True),
        ref("supplier_id", "Works for supplier", "suppliers"),
        text("department", "Department", searchable=True, listed=True),
        phone("mobile_phone", "Mobile", listed=True),
        phone("work_phone", "Work phone", listed=True),
        phone("home_phone", "Home phone"),
        email("work_email", "Work e-mail", listed=True),
        email("personal_email", "Personal e-mail"),
        ref("site_id", "Site", "sites"),
        text(
            "availability",
            "Out-of-hours availability",
            searchable=True,
            help="When and how to reach them outside working hours, e.g. "
            "“on call week 2; no calls after 23:00”.",
        ),
        notes(),
        date(
            "last_verified_on",
            "Last verified",
            listed=True,
            help="When someone last confirmed these numbers are right.",
        ),
    ),
)

TEAMS = Entity(
    table="teams",
    label="Team",
    plural="Teams",
    title_field="name",
    description="Response teams, each with primaries and alternates.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        choice("purpose", "Purpose", TEAM_PURPOSES, listed=True, default="it_recovery"),
        ref("leader_id", "Leader", "contacts", listed=True),
        longtext("description", "What the team does", searchable=True),
        text("meeting_point", "Meeting point", searchable=True),
    ),
)

TEAM_MEMBERS = Entity(
    table="team_members",
    label="Team member",
    plural="Team members",
    title_field="contact_id",
    parent_field="team_id",
    order_fields=("position",),
    fields=(
        ref("team_id", "Team", "teams", required=True),
        ref("contact_id", "Person", "contacts", required=True, listed=True),
        text("role", "Role in team", searchable=True, listed=True),
        choice(
            "membership",
            "Primary or alternate",
            MEMBERSHIPS,
            required=True,
            listed=True,
            default="primary",
        ),
        integer("position", "Call order", minimum=0, default=0, listed=True),
    ),
)

CALL_TREES = Entity(
    table="call_trees",
    label="Call tree",
    plural="Call trees",
    title_field="name",
    description="Who calls whom, in which order, and when to escalate.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        longtext("when_to_use", "When to use it", searchable=True, listed=True),
        ref("team_id", "Team", "teams", listed=True),
        notes(),
    ),
)

CALL_TREE_NODES = Entity(
    table="call_tree_nodes",
    label="Call tree entry",
    plural="Call tree entries",
    title_field="contact_id",
    parent_field="call_tree_id",
    order_fields=("position",),
    acyclic_fields=("parent_id",),
    fields=(
        ref("call_tree_id", "Call tree", "call_trees", required=True),
        ref("contact_id", "Person", "contacts", required=True, listed=True),
        ref(
            "parent_id",
            "Called by",
            "call_tree_nodes",
            help="Empty for the person who starts the tree.",
        ),
        integer("position", "Order", minimum=0, default=0, listed=True),
        minutes(
            "escalate_after_minutes",
            "Escalate after",
            listed=True,
            help="If nobody answers within this time, call the next person.",
        ),
        longtext("instructions", "Instructions", searchable=True),
    ),
)

SUPPLIERS = Entity(
    table="suppliers",
    label="Supplier",
    plural="Suppliers",
    title_field="name",
    description="Vendors and service providers, with their 24/7 support lines.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        text("provides", "Provides", searchable=True, listed=True),
        text("contract_ref", "Contract reference", searchable=True, listed=True),
        minutes("contracted_recovery_minutes", "Contracted recovery time", listed=True),
        phone("support_phone", "24/7 support line", listed=True),
        email("support_email", "Support e-mail"),
        text("account_number", "Account / customer number", searchable=True),
        date("contract_expires_on", "Contract expires", listed=True),
        notes(),
    ),
)

ASSETS = Entity(
    table="assets",
    label="Asset",
    plural="Assets",
    title_field="name",
    description="Hardware, software, network, data, facilities and cloud resources.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        choice("kind", "Kind", ASSET_KINDS, required=True, listed=True, default="hardware"),
        text("vendor", "Vendor", searchable=True, listed=True),
        text("model", "Model", searchable=True),
        text("serial", "Serial number", searchable=True, listed=True),
        text("version", "Version", searchable=True),
        text("hostname", "Hostname / IP", searchable=True, listed=True),
        ref("site_id", "Site", "sites", listed=True),
        ref("owner_id", "Owner", "contacts"),
        ref("supplier_id", "Supplier", "suppliers"),
        text("support_contract", "Support contract", searchable=True),
        date("warranty_ends_on", "Warranty ends"),
        text("licence", "Licence", searchable=True),
        text("backup_method", "Backup method", searchable=True),
        choice("backup_frequency", "Backup frequency", BACKUP_FREQUENCIES),
        text("backup_location", "Backup location", searchable=True),
        date("last_restore_test_on", "Last restore test"),
        choice("criticality", "Criticality", CRITICALITIES, listed=True, default="medium"),
        notes(),
    ),
)

SERVICES = Entity(
    table="services",
    label="Service",
    plural="Services",
    title_field="name",
    description="Critical services with their recovery objectives.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        longtext("description", "Description", searchable=True),
        ref("owner_id", "Service owner", "contacts", listed=True),
        integer(
            "tier",
            "Tier",
            minimum=1,
            maximum=4,
            default=3,
            listed=True,
            help="1 is the most critical.",
        ),
        minutes(
            "rto_minutes",
            "RTO",
            listed=True,
            help="Recovery time objective: back in service within this time.",
        ),
        minutes(
            "rpo_minutes",
            "RPO",
            listed=True,
            help="Recovery point objective: the most data you can afford to lose.",
        ),
        minutes(
            "mtd_minutes",
            "MTD",
            listed=True,
            help="Maximum tolerable downtime: past this the damage is unacceptable.",
        ),
        text("service_level_target", "Service level target"),
        longtext("business_processes", "Business processes supported", searchable=True),
    ),
)

BIA_IMPACTS = Entity(
    table="bia_impacts",
    label="Business impact",
    plural="Business impacts",
    title_field="category",
    parent_field="service_id",
    order_fields=("window_minutes",),
    fields=(
        ref("service_id", "Service", "services", required=True),
        choice("category", "Category", BIA_CATEGORIES, required=True, listed=True),
        minutes("window_minutes", "After an outage of", required=True, listed=True),
        integer("rating", "Rating (0–5)", minimum=0, maximum=5, listed=True),
        Field("cost", "Cost", Kind.MONEY, minimum=0, listed=True),
        notes(),
    ),
)

DEPENDENCIES = Entity(
    table="dependencies",
    label="Dependency",
    plural="Dependencies",
    title_field="kind",
    fields=(
        ref("from_id", "What", "services", "assets", required=True, listed=True),
        choice("kind", "Kind", DEPENDENCY_KINDS, required=True, listed=True, default="needs"),
        ref(
            "to_id",
            "Depends on",
            "services",
            "assets",
            "suppliers",
            "sites",
            required=True,
            listed=True,
        ),
        notes(),
    ),
)

RISKS = Entity(
    table="risks",
    label="Risk",
    plural="Risks",
    title_field="title",
    fields=(
        text("title", "Title", required=True, searchable=True, listed=True),
        longtext("threat", "Threat", searchable=True),
        integer("likelihood", "Likelihood (1–5)", required=True, minimum=1, maximum=5, listed=True),
        integer("impact", "Impact (1–5)", required=True, minimum=1, maximum=5, listed=True),
        choice("treatment", "Treatment", TREATMENTS, listed=True, default="reduce"),
        longtext("treatment_notes", "How it is treated", searchable=True),
        ref("owner_id", "Risk owner", "contacts", listed=True),
        refs("service_ids", "Services affected", "services"),
        date("review_on", "Next review", listed=True),
    ),
)

RECOVERY_PLANS = Entity(
    table="recovery_plans",
    label="Recovery plan",
    plural="Recovery plans",
    title_field="name",
    description="Runbooks: what to do, in order, to bring services back.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        text("scenario", "Scenario", searchable=True, listed=True),
        refs("service_ids", "Services covered", "services"),
        ref("owner_id", "Plan owner", "contacts", listed=True),
        longtext("activation_criteria", "Activation criteria", searchable=True),
        notes(),
    ),
)

RUNBOOK_STEPS = Entity(
    table="runbook_steps",
    label="Runbook step",
    plural="Runbook steps",
    title_field="title",
    parent_field="recovery_plan_id",
    order_fields=("phase", "position"),
    acyclic_fields=("depends_on_ids",),
    fields=(
        ref("recovery_plan_id", "Recovery plan", "recovery_plans", required=True),
        choice("phase", "Phase", PHASES, required=True, listed=True, default="recovery"),
        integer("position", "Order", minimum=0, default=0, listed=True),
        text("title", "Step", required=True, searchable=True, listed=True),
        longtext("instructions", "Instructions", searchable=True),
        ref("team_id", "Responsible team", "teams", listed=True),
        text("role", "Responsible role", searchable=True),
        ref("contact_id", "Responsible person", "contacts"),
        minutes("estimated_minutes", "Estimated time", listed=True),
        refs("depends_on_ids", "Depends on steps", "runbook_steps"),
        longtext("verification", "How to verify", searchable=True),
    ),
)

EXERCISES = Entity(
    table="exercises",
    label="Exercise",
    plural="Exercises",
    title_field="title",
    fields=(
        text("title", "Title", required=True, searchable=True, listed=True),
        choice("kind", "Type", EXERCISE_KINDS, required=True, listed=True, default="tabletop"),
        date("scheduled_on", "Scheduled", listed=True),
        date("held_on", "Held", listed=True),
        longtext("scope", "Scope", searchable=True),
        refs("service_ids", "Services exercised", "services"),
        refs("participant_ids", "Participants", "contacts"),
        longtext("outcome", "Outcome", searchable=True),
    ),
)

EXERCISE_ACTIONS = Entity(
    table="exercise_actions",
    label="Finding and action",
    plural="Findings and actions",
    title_field="finding",
    parent_field="exercise_id",
    order_fields=("due_on",),
    fields=(
        ref("exercise_id", "Exercise", "exercises", required=True),
        longtext("finding", "Finding", required=True, searchable=True, listed=True),
        longtext("action", "Action", searchable=True, listed=True),
        ref("owner_id", "Action owner", "contacts", listed=True),
        date("due_on", "Due", listed=True),
        choice("status", "Status", ACTION_STATUSES, required=True, listed=True, default="open"),
    ),
)

INCIDENTS = Entity(
    table="incidents",
    label="Incident",
    plural="Incidents",
    title_field="title",
    fields=(
        text("title", "Title", required=True, searchable=True, listed=True),
        datetime_("declared_at", "Declared at", required=True, listed=True),
        ref("declared_by_id", "Declared by", "contacts"),
        choice("severity", "Severity", SEVERITIES, listed=True, default="major"),
        text("scenario", "Scenario", searchable=True),
        refs("service_ids", "Services affected", "services"),
        refs("site_ids", "Sites affected", "sites"),
        ref("call_tree_id", "Call tree activated", "call_trees"),
        refs("recovery_plan_ids", "Recovery plans invoked", "recovery_plans"),
        choice("status", "Status", INCIDENT_STATUSES, required=True, listed=True, default="open"),
        datetime_("closed_at", "Closed at", listed=True),
        longtext("summary", "Summary", searchable=True),
    ),
)

INCIDENT_EVENTS = Entity(
    table="incident_events",
    label="Log entry",
    plural="Incident log",
    title_field="text",
    parent_field="incident_id",
    order_fields=("occurred_at",),
    fields=(
        ref("incident_id", "Incident", "incidents", required=True),
        datetime_("occurred_at", "Time", required=True, listed=True),
        text("author", "Logged by", listed=True),
        choice("kind", "Kind", EVENT_KINDS, required=True, listed=True, default="note"),
        longtext("text", "What happened", required=True, searchable=True, listed=True),
        ref("contact_id", "Person called", "contacts"),
        choice("call_result", "Call result", CALL_RESULTS),
        ref("step_id", "Runbook step", "runbook_steps"),
    ),
)

DOCUMENTS = Entity(
    table="documents",
    label="Document",
    plural="Documents",
    title_field="name",
    description="Files kept inside the vault: diagrams, contracts, vendor procedures.",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        text("media_type", "Type", listed=True, default="application/octet-stream"),
        integer("size_bytes", "Size (bytes)", minimum=0, listed=True, system=True),
        Field("sha256", "Content fingerprint", Kind.HASH, system=True),
        ref("linked_id", "Attached to", *DOCUMENT_TARGETS),
        longtext("description", "Description", searchable=True),
    ),
)

MESSAGE_TEMPLATES = Entity(
    table="message_templates",
    label="Message template",
    plural="Message templates",
    title_field="name",
    fields=(
        text("name", "Name", required=True, searchable=True, listed=True),
        choice("audience", "Audience", AUDIENCES, listed=True, default="staff"),
        choice("channel", "Channel", CHANNELS, listed=True, default="email"),
        text("subject", "Subject", searchable=True),
        longtext(
            "body",
            "Message",
            required=True,
            searchable=True,
            help="Placeholders: " + ", ".join("{" + p + "}" for p in TEMPLATE_PLACEHOLDERS),
        ),
    ),
)

#: The whole plan, in navigation order. Parents come before their children, and a table
#: comes after every table its required references point into, so a plan can be loaded
#: in this order.
REGISTRY = Registry(
    (
        PLAN,
        SITES,
        SUPPLIERS,
        CONTACTS,
        TEAMS,
        TEAM_MEMBERS,
        CALL_TREES,
        CALL_TREE_NODES,
        SERVICES,
        BIA_IMPACTS,
        ASSETS,
        DEPENDENCIES,
        RISKS,
        RECOVERY_PLANS,
        RUNBOOK_STEPS,
        EXERCISES,
        EXERCISE_ACTIONS,
        INCIDENTS,
        INCIDENT_EVENTS,
        DOCUMENTS,
        MESSAGE_TEMPLATES,
    )
)
