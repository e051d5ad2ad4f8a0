"""The register's tables as declarations: one place says which columns exist and what they may hold."""

from __future__ import annotations

from dataclasses import dataclass, field

LEGAL_FORMS = (
    "vertskommune", "IKS", "AS", "SA", "kommunalt oppgavefellesskap",
    "interkommunalt politisk råd", "regionråd", "avtale", "annet", "ukjent",
)
# kartlegging-2020: listed by the deck's 2020 survey; offentlig-kilde: another public source;
# eget-register: a user's own simple list (kommunekart.domain.simple_register), neither of those.
BASES = ("kartlegging-2020", "offentlig-kilde", "eget-register")
LAYERS = ("legevaktsentral", "barnevernvakt", "regionraad", "kommuneregion_forslag", "delregion")
# The confidence vocabulary, strongest first (a region takes its weakest member's), with the words
# the screen, the panel and the downloads use for each value.
CONFIDENCE_LABELS = {
    "stated-2020": "oppgitt for 2020",
    "partly-stated-2020": "delvis oppgitt for 2020, resten fra en kilde fra et annet år",
    "stated-other-year": "oppgitt for et annet år",
    "inferred-from-several": "utledet av flere kilder",
    "derived-from-population": "avledet av folketall (ikke oppgitt i kilden)",
}
CONFIDENCES = tuple(CONFIDENCE_LABELS)
GROUPS = ("vanlig", "sjelden")
# survey_findings.csv: what kind of statement of the deck a row is, and which figure it concerns
FINDING_KINDS = ("trend", "grep", "nedlagt", "nytt_omraade", "utvidet", "merknad")
FINDING_TOPICS = ("ordninger", "barnevern", "kommunepsykolog", "kommuneregioner",
                  "ordninger_per_kommune", "oppgaveomraader")
BOOLEANS = ("true", "false")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # a register given as one workbook, one sheet per table
# The register's workbook (outputs/register_book.py) also has a guide and its drop-down lists:
# sheets the reader passes over.
GUIDE_SHEET, LISTS_SHEET = "Les meg", "Lister"
HELPER_SHEETS = (GUIDE_SHEET, LISTS_SHEET)
MUNICIPALITY_TABLE = "municipalities"  # the table that names each kommunenummer
NAME_SUFFIX = " (navn)"  # «kommunenummer (navn)»: a municipality's name beside its number


@dataclass(frozen=True)
class Column:
    """One column: its kind decides parsing ('str', 'kommunenummer', 'int', 'float', 'bool')."""

    name: str
    kind: str = "str"
    required: bool = True  # a value must be present in every row
    choices: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns whose combined value must be unique
    optional: bool = False  # a register may leave the whole table out
    optional_columns: tuple[str, ...] = field(default=())  # columns a file may leave out

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def name_columns(self) -> dict[str, str]:
        """{name column: its kommunenummer column}: a sheet or file may hold the municipality's
        name beside each number (for the person editing it); the name must match the number."""
        if self.name == MUNICIPALITY_TABLE:  # it holds the names themselves
            return {}
        return {f"{c.name}{NAME_SUFFIX}": c.name for c in self.columns if c.kind == "kommunenummer"}


TABLES: tuple[Table, ...] = (
    Table("municipalities", (
        Column("kommunenummer", "kommunenummer"),
        Column("name"),
        Column("county"),
        Column("in_nordland", "bool"),
        Column("source", required=False),
        # Folketall 2020 (/scenarier): empty where no source was found, never guessed.
        Column("population_2020", "int", required=False, min_value=0),
        Column("population_date", required=False),
        Column("population_source", required=False),
    ), key=("kommunenummer",), optional_columns=("source", "population_2020", "population_date",
                                                  "population_source")),
    Table("task_areas", (
        Column("task_area_id"),
        Column("number", "int", min_value=1),
        Column("name"),
        Column("share_2014", "float", required=False, min_value=0, max_value=100),
        Column("share_2020", "float", required=False, min_value=0, max_value=100),
        Column("group", choices=GROUPS),
        Column("source"),
    ), key=("task_area_id",)),
    Table("arrangements", (
        Column("arrangement_id"),
        Column("name"),
        Column("task_area_id", required=False),
        Column("legal_form", choices=LEGAL_FORMS),
        Column("host_kommunenummer", "kommunenummer", required=False),
        Column("founded", "int", required=False, min_value=1800, max_value=2100),
        Column("basis", choices=BASES),
        Column("as_of"),
        Column("confidence", choices=CONFIDENCES),
        Column("members_complete", "bool"),
        Column("source"),
        Column("note", required=False),
    ), key=("arrangement_id",), optional_columns=("note", "founded")),
    Table("memberships", (
        Column("arrangement_id"),
        Column("kommunenummer", "kommunenummer"),
        Column("name", required=False),
    ), key=("arrangement_id", "kommunenummer"), optional_columns=("name",)),
    Table("region_layers", (
        Column("layer", choices=LAYERS),
        Column("region_id"),
        Column("region_name"),
        Column("kommunenummer", "kommunenummer"),
        Column("host", "bool"),
        Column("as_of"),
        Column("confidence", choices=CONFIDENCES),
        Column("source"),
        Column("note", required=False),
    ), key=("layer", "region_id", "kommunenummer"), optional=True, optional_columns=("note",)),
    Table("regions", (
        Column("region_id"),
        Column("layer", choices=LAYERS),
        Column("name"),
        Column("stated_member_count", "int", required=False, min_value=1),
        Column("population_2020", "int", required=False, min_value=0),
        Column("source"),
        Column("note", required=False),
    ), key=("region_id",), optional=True, optional_columns=("note",)),
    Table("tile_layout", (  # the tile map («Rutekart»): one square per Nordland municipality
        Column("kommunenummer", "kommunenummer"),
        Column("row", "int", min_value=0),  # 0 is the top row (north)
        Column("col", "int", min_value=0),  # 0 is the leftmost column (west)
        Column("subregion"),
        Column("source"),
    ), key=("kommunenummer",), optional=True),
    Table("survey_figures", (
        Column("figure_id"),
        Column("year", "int", min_value=1900, max_value=2100),
        Column("value", "float"),
        Column("unit"),
        Column("qualifier", required=False),
        Column("label"),
        Column("source"),
        Column("counted_from_list", "bool", required=False),  # true: our count of the deck's lines
    ), key=("figure_id", "year"), optional=True, optional_columns=("qualifier", "counted_from_list")),
    Table("survey_findings", (  # the deck's statements in words: trends, measures, notes
        Column("finding_id"),
        Column("kind", choices=FINDING_KINDS),
        Column("number", "int", required=False, min_value=1),
        Column("topic", choices=FINDING_TOPICS),
        Column("text"),
        Column("detail", required=False),
        Column("source"),
    ), key=("finding_id",), optional=True, optional_columns=("number", "detail")),
    Table("survey_lists", (  # which registered arrangements are the lines of a list on a slide
        Column("list_id"),
        Column("list_name"),
        Column("position", "int", min_value=1),
        Column("arrangement_id"),
        Column("figure_id", required=False),
        Column("source"),
    ), key=("list_id", "arrangement_id"), optional=True, optional_columns=("figure_id",)),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
