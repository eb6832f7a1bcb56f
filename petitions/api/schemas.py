"""The open-data API's filters and answers: what its OpenAPI schema documents.

Only public facts: the author appears as first name and surname initial (User.public_name), and
no official, signer or account is named.
"""

import datetime
import enum

from django.conf import settings
from ninja import Field, Schema

from agencies.models import Branch, Level
from petitions.models import PUBLISHED_STATES, Decision, Status
from petitions.transparency import answers

PublicStatus = enum.StrEnum("PublicStatus", [(s.name, s.value) for s in PUBLISHED_STATES])
Language = enum.StrEnum("Language", [(code.upper(), code) for code, _name in settings.LANGUAGES])

REGION_CODE = r"^KZ-[0-9]{2}$"
AGENCY_CODE = r"^[-a-zA-Z0-9_]+$"
QUERY_MAX_LENGTH = 100


class Error(Schema):
    error: str = Field(description="What went wrong, in the language of the request.")


class PetitionFilters(Schema):
    status: PublicStatus | None = Field(None, description="Lifecycle state.")
    level: Level | None = Field(None, description="Level of the addressee.")
    region: str | None = Field(
        None, pattern=REGION_CODE, description="ISO 3166-2:KZ code of the addressee's region."
    )
    agency: str | None = Field(
        None, max_length=60, pattern=AGENCY_CODE, description="Code of the addressee."
    )
    q: str | None = Field(
        None, max_length=QUERY_MAX_LENGTH, description="Text in the title or the request."
    )
    language: Language | None = Field(None, description="Language the petition is written in.")
    topic: str | None = Field(
        None, max_length=60, pattern=AGENCY_CODE, description="Code of the petition's topic."
    )


class AgencyFilters(Schema):
    level: Level | None = Field(None, description="Level of the state body.")
    region: str | None = Field(None, pattern=REGION_CODE, description="ISO 3166-2:KZ code.")


class AgencyRef(Schema):
    code: str
    name_kk: str
    name_ru: str
    name_en: str


class AgencyOut(AgencyRef):
    level: Level
    branch: Branch
    region: str | None = Field(description="ISO 3166-2:KZ code; none for central bodies.")
    parent: str | None = Field(description="Code of the body that petitions escalate to.")
    active: bool = Field(description="Whether the body accepts new petitions.")

    @staticmethod
    def resolve_region(agency) -> str | None:
        return agency.region_id

    @staticmethod
    def resolve_parent(agency) -> str | None:
        return agency.parent.code if agency.parent_id else None

    @staticmethod
    def resolve_active(agency) -> bool:
        return agency.is_active


class TreeHeadOut(Schema):
    size: int = Field(description="Leaves in the log.")
    root: str = Field(description="Merkle root (RFC 6962), hex.")
    signed_at: str = Field(description="When the portal signed it, UTC.")
    signature: str = Field(description="Ed25519 signature, base64.")


class PetitionTreeHeadOut(TreeHeadOut):
    petition: str


class TreeHeadsOut(Schema):
    petition: str
    tree_heads: list[TreeHeadOut]


class InclusionOut(Schema):
    index: int
    size: int
    leaf_hash: str
    root: str
    proof: list[str]


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


class RegionCountOut(Schema):
    code: str = Field(description='ISO 3166-2:KZ code of the signers\' region; "" for none.')
    name_kk: str
    name_ru: str
    name_en: str
    signatures: int


class RegionCountsOut(Schema):
    log_size: int = Field(description="The public log's size that these counts describe.")
    regions: list[RegionCountOut]


class DecisionOut(Schema):
    outcome: Decision.Outcome
    text: str
    actions: str
    implementation_due: datetime.date | None
    legal_basis: str
    decided_at: datetime.datetime

    @staticmethod
    def resolve_decided_at(decision) -> datetime.datetime:
        return decision.published_at


class DecisionListOut(DecisionOut):
    petition: str = Field(description="Link code of the petition.")
    agency: str = Field(description="Code of the state body that decided.")

    @staticmethod
    def resolve_petition(decision) -> str:
        return decision.petition.uid

    @staticmethod
    def resolve_agency(decision) -> str:
        return decision.petition.agency.code


class PetitionOut(Schema):
    uid: str = Field(description="Link code.")
    url: str = Field(description="The petition's public page.")
    title: str
    language: str
    status: Status
    agency: AgencyRef
    level: Level
    region: str | None = Field(description="ISO 3166-2:KZ code of the addressee's region.")
    signatures: int = Field(description="Valid signatures, from the live counter.")
    signature_threshold: int
    published_at: datetime.datetime
    closes_at: datetime.datetime
    sent_at: datetime.datetime | None
    response_due: datetime.date | None
    decided_at: datetime.datetime | None
    author: str = Field(description="First name and surname initial, as the pages show it.")

    @staticmethod
    def resolve_url(petition, context) -> str:
        return context["request"].build_absolute_uri(petition.get_absolute_url())

    @staticmethod
    def resolve_level(petition) -> str:
        return petition.agency.level

    @staticmethod
    def resolve_region(petition) -> str | None:
        return petition.agency.region_id

    @staticmethod
    def resolve_signatures(petition) -> int:
        return petition.signature_count

    @staticmethod
    def resolve_author(petition) -> str:
        return petition.author.public_name


class PetitionDetailOut(PetitionOut):
    problem: str
    request: str
    eds_required: bool
    signatures_with_eds: int
    regions: RegionCountsOut = Field(
        description="Valid signatures by the signers' region, from the public log: they lag "
        "the live count by a few seconds and anyone can recompute them from its leaves."
    )
    decision: DecisionOut | None
    closing_tree_head: TreeHeadOut | None = Field(
        description="The signed log head when collecting stopped."
    )

    @staticmethod
    def resolve_signatures_with_eds(petition) -> int:
        return petition.eds_count

    @staticmethod
    def resolve_regions(petition) -> dict:
        return petition.log_regions

    @staticmethod
    def resolve_decision(petition):
        return getattr(petition, "decision", None)

    @staticmethod
    def resolve_closing_tree_head(petition) -> dict | None:
        head = petition.closing_tree_head
        return answers.tree_head(head) if head is not None else None
