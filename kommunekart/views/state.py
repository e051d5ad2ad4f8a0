"""Each view's URL schema, defined once: a state object parsed from a link's query string (with a
Norwegian notice for each value the link got wrong) and written back to one. The browser writes
the address bar from what the server wrote here; it keeps no copy of keys or defaults.

A link is input like any other: `read_link` first makes it one value per parameter (a parameter
given twice keeps its last value and says so; one the view does not know is dropped and named),
checks what every view's link may carry (register, presentasjon, fortelling, steg), and only then
does the view read its own parameters. Whatever a link holds, the page shows, with a notice."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol
from urllib.parse import urlencode

from kommunekart.domain.measures import SCOPES
from kommunekart.domain.wording import LAYER_LABELS, MEASURE_LABELS, SCOPE_LABELS

MEASURES = tuple(MEASURE_LABELS)


class Catalogue(Protocol):
    """What a register offers a link to choose from (AppData has it)."""

    nordland: list[str]
    task_ids: frozenset[str]
    layer_ids: tuple[str, ...]
    arrangement_ids: frozenset[str]


class Pairs:
    """Allowed values of a pair of Nordland municipalities, written "1820-1822"."""

    def __init__(self, nordland: Collection[str]) -> None:
        self.nordland = set(nordland)

    def __contains__(self, value: object) -> bool:
        parts = str(value).split("-")
        return len(parts) == 2 and parts[0] != parts[1] and set(parts) <= self.nordland


@dataclass(frozen=True)
class Param:
    """One query parameter: its key, what it may hold and what a wrong value makes us say."""

    key: str
    allowed: Callable[[Catalogue], Collection[str]]
    notice: str  # str.format'ed with {value}
    many: bool = False  # comma-separated list
    words: Callable[[Any, Any], str] | None = None  # a value in words (a story step's name)


SHOWN_CHARS = 40  # of a value quoted in a notice
SHOWN_ITEMS = 5  # wrong values or parameters named in one notice


def shown(value: str) -> str:
    """A value from a link as a notice quotes it: at most 40 characters, control characters as �."""
    value = "".join(c if c.isprintable() else "\ufffd" for c in str(value)[:SHOWN_CHARS + 1])
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def _listed(values: list[str]) -> str:
    """Values for a notice: the first few, and how many more."""
    text = ", ".join(shown(v) for v in values[:SHOWN_ITEMS])
    more = len(values) - SHOWN_ITEMS
    return f"{text} og {more} til" if more > 0 else text


def named(table: str, key: str, name: str = "name") -> Callable[[Any, str], str]:
    """A value's name in one of the register's tables (`table` of the catalogue's register,
    matched on `key`, its `name` column), or the value itself when the register lacks it."""
    def words(catalogue: Any, value: str) -> str:
        frame = getattr(getattr(catalogue, "register", None), table, None)
        hit = frame[frame[key] == value][name] if frame is not None else ()
        return str(hit.iloc[0]) if len(hit) else value
    return words


def kommune_name(catalogue: Any, value: str) -> str:
    return getattr(catalogue, "names", {}).get(value, value)


KOMMUNE = Param("kommune", lambda c: c.nordland,
                "Ukjent kommunenummer «{value}» i lenken (forventet en av Nordlands 41 kommuner, "
                "f.eks. 1820).", words=kommune_name)
TASK = Param("oppgave", lambda c: c.task_ids, "Ukjent oppgaveområde «{value}» i lenken.",
             words=named("task_areas", "task_area_id"))
SCOPE = Param("utvalg", lambda c: SCOPES,
              "Ukjent utvalg «{value}» i lenken; viser alle registrerte ordninger.",
              words=lambda c, v: SCOPE_LABELS[v])
MEASURE = Param("maal", lambda c: MEASURES, "Ukjent mål «{value}» i lenken; viser antall ordninger.",
                words=lambda c, v: MEASURE_LABELS[v])
LAYERS = Param("lag", lambda c: c.layer_ids, "Ukjent kartlag i lenken: {value}.", many=True,
               words=lambda c, v: ", ".join(LAYER_LABELS.get(x, x) for x in v))
VISNINGER = ("kart", "ruter")  # the geographic map, the tile map («Rutekart»)
VISNING = Param("visning", lambda c: VISNINGER,
                "Ukjent kartvisning «{value}» i lenken (forventet kart eller ruter); viser kartet.",
                words=lambda c, v: "Rutekart" if v == "ruter" else "Kart")


def region_layer(catalogue: Catalogue, region_id: str) -> str | None:
    """The layer a drawn region belongs to (the register's overlays), or None."""
    for layer, overlay in getattr(catalogue, "overlays", {}).items():
        if region_id in overlay.label_ids:
            return layer
    return None


REGION = Param("region", lambda c: {r for o in getattr(c, "overlays", {}).values()
                                    for r in o.label_ids},
               "Ukjent region «{value}» i lenken (forventet en region i et av kartlagene).",
               words=named("region_layers", "region_id", "region_name"))
REGION_OFF = "Regionen «{value}» i lenken hører til et kartlag som ikke er valgt (lag=…)."


ALL = "alle"  # /konstellasjoner?kommune=alle: every municipality, who cooperates with whom
KONST_KOMMUNE = Param("kommune", lambda c: [*c.nordland, ALL],
                      "Ukjent kommunenummer «{value}» i lenken (forventet en av Nordlands 41 "
                      "kommuner, f.eks. 1820, eller «alle»); viser Alstahaug.",
                      words=lambda c, v: "Alle kommuner" if v == ALL else kommune_name(c, v))
ORDNING = Param("ordning", lambda c: c.arrangement_ids, "Ukjent ordning «{value}» i lenken.",
                words=named("arrangements", "arrangement_id"))
PAIR = Param("par", lambda c: Pairs(c.nordland),
             "Ukjent kommunepar «{value}» i lenken (forventet f.eks. 1820-1822).",
             words=lambda c, v: " og ".join(kommune_name(c, k) for k in v.split("-")))


class ViewState:
    """A view's state: a frozen dataclass whose fields are listed in PARAMS (field -> Param)."""

    PARAMS: ClassVar[Mapping[str, Param]]
    NAMED: ClassVar[tuple[str, ...]] = ()  # fields named in words at their default too

    @classmethod
    def from_query(cls, catalogue: Catalogue, query: Mapping[str, Any]) -> tuple[Any, list[str]]:
        """The state a link asks for, and a notice for each value dropped (never guessed at)."""
        values: dict[str, Any] = {}
        notices: list[str] = []
        for name, param in cls.PARAMS.items():
            raw = query.get(param.key)
            if isinstance(raw, list | tuple):  # ?lag=a&lag=b: a list arrives
                raw = ",".join(str(x) for x in raw) if param.many else str(raw[-1])
            raw = str(raw or "").strip()
            if not raw:
                continue
            allowed = param.allowed(catalogue)
            if param.many:
                items = tuple(dict.fromkeys(x for x in raw.split(",") if x))
                wrong = [x for x in items if x not in allowed]
                if wrong:
                    notices.append(param.notice.format(value=_listed(wrong)))
                values[name] = tuple(x for x in items if x in allowed)
            elif raw in allowed:
                values[name] = raw
            else:
                notices.append(param.notice.format(value=shown(raw)))
        return cls(**values), notices

    @classmethod
    def read_link(cls, query: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """`read_link` with this view's parameters."""
        params = cls.PARAMS.values()
        return read_link(query, [p.key for p in params], [p.key for p in params if p.many])

    def query(self) -> dict[str, str]:
        """The link parameters of this state: only those that differ from the default."""
        default = type(self)()
        out = {}
        for name, param in self.PARAMS.items():
            value = getattr(self, name)
            if value and value != getattr(default, name):
                out[param.key] = ",".join(value) if param.many else value
        return out

    def words(self, catalogue: Any) -> list[str]:
        """What this state shows, in words (a story step is named by them): each parameter with
        a name for its values, where it differs from the view's default or is always named."""
        default = type(self)()
        return [param.words(catalogue, value) for name, param in self.PARAMS.items()
                if param.words and (value := getattr(self, name))
                and (value != getattr(default, name) or name in self.NAMED)]

    def url(self, path: str, register_id: str | None = None) -> str:
        query = {"register": register_id} if register_id else {}
        query.update(self.query())
        return f"{path}?{urlencode(query, safe=',')}" if query else path

    def stored(self, path: str, register_id: str | None) -> dict[str, Any]:
        """The state as a page keeps it in the browser: its register, link and parameters
        (parsed back with `from_query`)."""
        return {"register": register_id, "url": self.url(path, register_id), **self.query()}

    def with_(self, **changes: Any) -> Any:
        return replace(self, **changes)  # type: ignore[type-var]


@dataclass(frozen=True)
class KartState(ViewState):
    """/kart: what the map shows."""

    measure: str = "ordninger"
    task: str | None = None
    scope: str = "alle"
    kommune: str | None = None
    layers: tuple[str, ...] = ()
    visning: str = "kart"  # "ruter": the tile map, every municipality an equal square
    region: str | None = None  # a region of a shown layer, chosen on the map

    PARAMS: ClassVar[Mapping[str, Param]] = {
        "kommune": KOMMUNE, "task": TASK, "measure": MEASURE, "scope": SCOPE, "layers": LAYERS,
        "visning": VISNING, "region": REGION}

    @classmethod
    def from_query(cls, catalogue: Catalogue, query: Mapping[str, Any]) -> tuple[Any, list[str]]:
        """As every view's, and a region only while its layer is shown."""
        state, notices = super().from_query(catalogue, query)
        if state.region and region_layer(catalogue, state.region) not in state.layers:
            notices.append(REGION_OFF.format(value=shown(state.region)))
            state = state.with_(region=None)
        return state, notices


@dataclass(frozen=True)
class KonstState(ViewState):
    """/konstellasjoner: one municipality's arrangements (or, with kommune=alle, every pair)."""

    kommune: str = "1820"  # the deck's own example, Alstahaug
    scope: str = "alle"
    task: str | None = None
    ordning: str | None = None  # the arrangement whose members are lit
    pair: str | None = None  # the matrix cell chosen ("1820-1822")

    PARAMS: ClassVar[Mapping[str, Param]] = {
        "kommune": KONST_KOMMUNE, "scope": SCOPE, "task": TASK, "ordning": ORDNING, "pair": PAIR}
    NAMED = ("kommune",)  # the page always shows one (Alstahaug by default): say which

    @property
    def everyone(self) -> bool:
        return self.kommune == ALL


# ---------------------------------------------------------------------- a link as a whole

REGISTER, PRESENT = "register", "presentasjon"
STORY, STEP = "fortelling", "steg"  # a story and its step (kommunekart/views/story.py)
COMMON = (REGISTER, PRESENT, STORY, STEP)  # what any view's link may carry
REPEATED = "«{key}» står {count} ganger i lenken; bruker den siste ({value})."
UNKNOWN_PARAMS = "Ukjent parameter i lenken: {value}. Den er ikke brukt."
BAD_PRESENT = "Ukjent verdi for presentasjon «{value}» i lenken (forventet presentasjon=1)."


def read_link(query: Mapping[str, Any], keys: Collection[str] = (),
              many: Collection[str] = ()) -> tuple[dict[str, Any], list[str]]:
    """A link's parameters as a view reads them (Dash gives a parameter that is repeated as a
    list), and a notice for each thing wrong with the link as a whole:

    - a parameter given more than once keeps its last value, and says so; a list parameter
      (`many`, e.g. lag=a&lag=b) keeps every value, as if written lag=a,b;
    - a parameter that is neither the view's (`keys`) nor one every view may carry (COMMON) is
      dropped and named;
    - presentasjon must be 1 (a story and its step are checked by `story.link_notices`).

    Values are otherwise left for the view to check (`ViewState.from_query`)."""
    known = {*keys, *COMMON}
    out: dict[str, Any] = {}
    notices: list[str] = []
    unknown: list[str] = []
    for key, raw in query.items():
        key = str(key)
        if key not in known:
            unknown.append(key)
            continue
        if isinstance(raw, list | tuple):
            values = [str(v) for v in raw]
            if key in many:
                out[key] = values
                continue
            notices.append(REPEATED.format(key=shown(key), count=len(values),
                                           value=f"«{shown(values[-1])}»" if values[-1] else
                                           "tom"))
            raw = values[-1] if values else ""
        out[key] = "" if raw is None else str(raw)
    if unknown:
        notices.append(UNKNOWN_PARAMS.format(value=_listed([f"«{k}»" for k in unknown])))
    if out.get(PRESENT, "") not in ("", "1"):
        notices.append(BAD_PRESENT.format(value=shown(out[PRESENT])))
    return out, notices
