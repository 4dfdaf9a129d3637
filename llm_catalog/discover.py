"""Discovery (opt-in): which providers you can use here, and which models local
and self-hosted servers serve.

- `configured_providers()`: providers whose API-key environment variables (the
  catalog's `ProviderInfo.env`) are set. Reads the environment only.
- `ollama(base_url)`: the models of an Ollama server (`GET /api/tags`, then
  `POST /api/show` for each: context length, vision, tools, thinking).
- `openai_compatible(base_url)`: the models of any server that speaks the
  OpenAI API (`GET {base_url}/models`: vLLM, llama.cpp, LM Studio, LiteLLM...).

This module opens sockets only when one of these functions is called (the only
other module that does is `_fetch`, for `Catalog.fetch`). HTTP uses the standard library, with a hard
deadline per request (a watchdog closes the socket when it passes, so a server
that trickles bytes cannot hold a caller), a size cap, and `DiscoveryError`s
that say which URL failed and why.

Discovered models resolve to catalog models where their names match
(`llama3.1:8b` -> the facts of Llama 3.1 8B: family, modalities, capabilities,
dates), and get documented defaults where they do not; either way
`DiscoveredModel.inferred` names every field that came from a default rather
than from the server or the catalog. The defaults:

- Ollama: prices are 0 (local inference has no per-token price); context is
  the server's `<architecture>.context_length` when it reports one, else
  `DEFAULT_CONTEXT`; input modalities are text, plus image when the server
  reports the `vision` capability or a vision family (`clip`, `mllama`, ...);
  capabilities come from the server's `capabilities` list (`tools`,
  `thinking`), plus `temperature`.
- OpenAI-compatible: prices are unknown (`None`: the server cannot say what
  you pay); context is `max_model_len` when the server reports it (vLLM), else
  the matched model's, else `DEFAULT_CONTEXT`; modalities text to text.
- Quality tier (Ollama, from the parameter count): `best` at 30B parameters
  or more, `balanced` from 7B, `cheap` below.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from llm_catalog._catalog import Catalog, CustomProvider
from llm_catalog._data.enums import Capability, DatePrecision, Modality, Provider
from llm_catalog._model import Cost, Limits, Modalities, Model, ProviderInfo

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

__all__ = [
    "DEFAULT_CONTEXT",
    "DEFAULT_TIMEOUT",
    "ConfiguredProvider",
    "DiscoveredModel",
    "DiscoveryError",
    "configured_providers",
    "match",
    "ollama",
    "openai_compatible",
]

DEFAULT_TIMEOUT = 5.0
"""Seconds allowed for one whole request (connect, headers and body)."""
DEFAULT_CONTEXT = 4096
"""Context assumed for a model that neither the server nor the catalog describes."""
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Larger answers are refused: a model list is a few kilobytes."""

_VISION_FAMILIES = frozenset({"clip", "llava", "mllama", "siglip", "gemma3", "qwen25vl"})
_CREDENTIAL = re.compile(r"KEY|TOKEN|SECRET|PAT$|CREDENTIALS|PASSWORD")
_FREE = Decimal(0)


class DiscoveryError(Exception):
    """A server could not be asked, or did not answer like the API it claims."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ConfiguredProvider:
    """A provider whose credentials are in the environment."""

    provider: ProviderInfo
    set: tuple[str, ...]
    """Its variables that are set (names only; values are never read into here)."""
    missing: tuple[str, ...]
    """Its other variables: some providers also need a region or resource name."""


@dataclass(frozen=True, slots=True)
class DiscoveredModel:
    """A model a server serves, as a catalog model plus how we know."""

    model: Model
    """Ready for `Catalog.extend`."""
    source: str
    """The URL it was discovered at."""
    matched: Model | None
    """The catalog model whose facts were used, if the name matched one."""
    inferred: tuple[str, ...]
    """Model fields filled with documented defaults (see the module docs)."""
    tier: str | None = None
    """`best`, `balanced` or `cheap`, from the parameter count, when known."""
    parameters_billions: float | None = None
    warnings: tuple[str, ...] = ()
    """What went wrong but did not stop discovery (a failed `/api/show`)."""


# -- environment --------------------------------------------------------------------


def configured_providers(
    environ: Mapping[str, str] | None = None, catalog: Catalog | None = None
) -> list[ConfiguredProvider]:
    """Providers you hold credentials for, in catalog order.

    A provider counts when one of its credential variables (names with KEY,
    TOKEN, SECRET, PAT, CREDENTIALS or PASSWORD; all of them if none match) is
    set to a non-empty value. `missing` lists its other variables, so a
    provider that also needs `AZURE_RESOURCE_NAME` shows what is left to set.
    """
    env = os.environ if environ is None else environ
    infos: Iterable[ProviderInfo]
    if catalog is None:
        from llm_catalog._lookup import providers

        infos = providers()
    else:
        infos = catalog.providers.values()
    found = []
    for info in infos:
        credentials = [v for v in info.env if _CREDENTIAL.search(v)] or list(info.env)
        present = tuple(v for v in info.env if env.get(v))
        if any(v in present for v in credentials):
            missing = tuple(v for v in info.env if v not in present)
            found.append(ConfiguredProvider(info, present, missing))
    return found


# -- HTTP ---------------------------------------------------------------------------


def _request_json(
    method: str,
    url: str,
    *,
    timeout: float,
    body: object = None,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """One request with a hard deadline; the parsed JSON answer."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DiscoveryError(url, "not an http:// or https:// URL")
    if timeout <= 0:
        raise DiscoveryError(url, "timeout must be positive")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    send_headers = {"accept": "application/json", "user-agent": "llm-catalog-discover"}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        send_headers["content-type"] = "application/json"
    send_headers.update(headers or {})
    deadline = time.monotonic() + timeout
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    expired = threading.Event()

    def _expire() -> None:  # wakes a blocked recv() on a server that trickles bytes
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(timeout, _expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(method, path, body=payload, headers=send_headers)
        response = connection.getresponse()
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = response.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise DiscoveryError(url, f"answer larger than {MAX_RESPONSE_BYTES} bytes")
            chunks.append(chunk)
        if expired.is_set():
            raise TimeoutError
        if response.length:  # the server hung up before sending what it announced
            raise DiscoveryError(
                url, f"answer cut short: {response.length} announced bytes never came"
            )
        status = response.status
    except TimeoutError:
        raise DiscoveryError(url, f"no complete answer within {timeout:g} s") from None
    except http.client.HTTPException as exc:
        if expired.is_set():
            raise DiscoveryError(url, f"no complete answer within {timeout:g} s") from None
        raise DiscoveryError(url, f"broken HTTP answer ({type(exc).__name__}: {exc})") from None
    except OSError as exc:
        if expired.is_set():
            raise DiscoveryError(url, f"no complete answer within {timeout:g} s") from None
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise DiscoveryError(url, f"cannot connect ({reason})") from None
    finally:
        watchdog.cancel()
        connection.close()
    data = b"".join(chunks)
    if status != 200:
        snippet = data[:200].decode("utf-8", "replace").strip()
        raise DiscoveryError(url, f"HTTP {status}" + (f": {snippet}" if snippet else ""))
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiscoveryError(url, f"answer is not JSON ({exc})") from None


def _join(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


# -- matching discovered names to catalog models ------------------------------------

_DROP_TOKENS = frozenset(
    {"meta", "instruct", "it", "chat", "instant", "turbo", "hf", "latest", "gguf", "awq"}
)
_QUANTIZATION = re.compile(r"^(q\d+(_[a-z0-9]+)*|fp\d+|bf16|int\d+|f16|f32|awq|gptq|mlx)$", re.I)
_VERSION = re.compile(r"v\d+(\.\d+)*")
_match_index: tuple[Catalog, dict[str, list[Model]]] | None = None


def _name_key(name: str) -> str:
    """A spelling-insensitive key: `Meta-Llama-3.2-11B-Vision-Instruct` and
    `llama3.2-vision:11b` both become `11b-3.2-llama-vision` (tokens sorted, so
    word order does not count either)."""
    text = name.lower().rsplit("/", 1)[-1]
    tokens = [t for t in re.split(r"[-:\s]+", text) if t]
    kept: list[str] = []
    for token in tokens:
        if token in _DROP_TOKENS or _QUANTIZATION.match(token) or _VERSION.fullmatch(token):
            continue
        # llama3.1 -> llama, 3.1; 8b stays whole
        kept.extend(t for t in re.split(r"(?<=[a-z])(?=\d)", token) if t)
    return "-".join(sorted(kept))


def _index(catalog: Catalog) -> dict[str, list[Model]]:
    global _match_index  # noqa: PLW0603  (one index, for the last catalog asked about)
    if _match_index is None or _match_index[0] is not catalog:
        index: dict[str, list[Model]] = {}
        for model in catalog.models:
            index.setdefault(_name_key(model.id), []).append(model)
        _match_index = (catalog, index)
    return _match_index[1]


def match(name: str, catalog: Catalog | None = None) -> Model | None:
    """The catalog model whose facts describe the model called `name` on a local
    or self-hosted server, or `None`.

    Names are compared spelling-insensitively (case, separators, an organisation
    prefix, `-instruct`/`-it`/`-chat`, quantization tags and `:latest` do not
    count). Of several matches, the one chosen is: open weights first, then the
    context most of them agree on, then the smallest key, so the choice is the
    base model's facts and deterministic.
    """
    candidates = _index(catalog or Catalog.packaged()).get(_name_key(name))
    if not candidates:
        return None
    contexts = Counter(m.limits.context for m in candidates if m.limits.context)
    return min(
        candidates,
        key=lambda m: (
            m.open_weights is not True,
            -contexts.get(m.limits.context or 0, 0),
            m.key,
        ),
    )


# -- Ollama -------------------------------------------------------------------------


def _parameters(text: object) -> float | None:
    """`"8.0B"` -> 8.0, `"137M"` -> 0.137 (billions)."""
    if not isinstance(text, str):
        return None
    found = re.fullmatch(r"\s*([\d.]+)\s*([KMBT])\s*", text.upper())
    if not found:
        return None
    try:
        value = float(found.group(1))
    except ValueError:
        return None
    return value * {"K": 1e-6, "M": 1e-3, "B": 1.0, "T": 1e3}[found.group(2)]


def _tier(billions: float | None) -> str | None:
    if billions is None:
        return None
    if billions >= 30:
        return "best"
    return "balanced" if billions >= 7 else "cheap"


def _context_from_info(model_info: object) -> int | None:
    if not isinstance(model_info, dict):
        return None
    arch = model_info.get("general.architecture")
    value = model_info.get(f"{arch}.context_length") if isinstance(arch, str) else None
    if value is None:  # some servers omit the architecture: any *.context_length
        value = next((v for k, v in model_info.items() if k.endswith(".context_length")), None)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _shape_error(url: str, what: str) -> DiscoveryError:
    return DiscoveryError(url, f"answer is not shaped like the API's: {what}")


def ollama(
    base_url: str = "http://127.0.0.1:11434",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    catalog: Catalog | None = None,
    provider: str = "ollama",
    show: bool = True,
) -> list[DiscoveredModel]:
    """The models an Ollama server has pulled, in the server's order.

    `timeout` bounds each request. `show=False` skips the per-model
    `/api/show` requests (faster, fewer facts). Raises `DiscoveryError` when
    the server cannot be reached or `/api/tags` is not what Ollama answers; a
    failed `/api/show` for one model becomes a warning on that model.
    """
    tags_url = _join(base_url, "/api/tags")
    tags = _request_json("GET", tags_url, timeout=timeout)
    if not isinstance(tags, dict) or not isinstance(tags.get("models"), list):
        raise _shape_error(tags_url, 'expected {"models": [...]}')
    entries = []
    for index, entry in enumerate(tags["models"]):
        name = entry.get("name", entry.get("model")) if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            raise _shape_error(tags_url, f"models[{index}] has no name")
        details = entry.get("details")
        entries.append((name, details if isinstance(details, dict) else {}))
    catalog = catalog or Catalog.packaged()
    owner = _as_provider(provider)
    found = []
    for name, listed in entries:
        facts: dict[str, Any] = {}
        warnings: list[str] = []
        if show:
            show_url = _join(base_url, "/api/show")
            try:
                facts = _request_json("POST", show_url, timeout=timeout, body={"model": name})
                if not isinstance(facts, dict):
                    raise _shape_error(show_url, "expected an object")
            except DiscoveryError as exc:
                warnings.append(f"{name}: {exc}")
                facts = {}
        details = dict(listed)
        if isinstance(facts.get("details"), dict):  # /api/show's details win over /api/tags'
            details.update(facts["details"])
        found.append(
            _ollama_model(
                name,
                details,
                facts,
                catalog=catalog,
                owner=owner,
                source=base_url,
                warnings=tuple(warnings),
            )
        )
    return found


def _ollama_model(
    name: str,
    details: Mapping[str, Any],
    facts: Mapping[str, Any],
    *,
    catalog: Catalog,
    owner: Provider,
    source: str,
    warnings: tuple[str, ...],
) -> DiscoveredModel:
    billions = _parameters(details.get("parameter_size"))
    base, _, tag = name.partition(":")
    matched = None
    if billions is not None and (not tag or tag == "latest"):
        # the default tag: its size is in the details (`8.0B`, `7.6B` ~ `8b`, `8b`)
        matched = match(f"{base}-{billions:g}b", catalog) or match(
            f"{base}-{round(billions)}b", catalog
        )
    matched = matched or match(name, catalog) or match(base, catalog)
    served_caps = facts.get("capabilities")
    served = (
        {c for c in served_caps if isinstance(c, str)} if isinstance(served_caps, list) else None
    )
    families = details.get("families")
    family_set = (
        {f for f in families if isinstance(f, str)} if isinstance(families, list) else set()
    )
    inferred = ["cost"]

    context = _context_from_info(facts.get("model_info"))
    if context is None:
        if matched is not None and matched.limits.context:
            context = matched.limits.context
        else:
            context = DEFAULT_CONTEXT
            inferred.append("limits")
    limits = Limits(context=context, output=matched.limits.output if matched else None)

    vision = (served is not None and "vision" in served) or bool(family_set & _VISION_FAMILIES)
    if served is not None or family_set:
        inputs = {Modality.TEXT, Modality.IMAGE} if vision else {Modality.TEXT}
        modalities = Modalities(input=frozenset(inputs), output=frozenset({Modality.TEXT}))
    elif matched is not None:
        modalities = matched.modalities
    else:
        modalities = Modalities(input=frozenset({Modality.TEXT}), output=frozenset({Modality.TEXT}))
        inferred.append("modalities")

    if served is not None:
        capabilities = {Capability.TEMPERATURE}
        if "tools" in served:
            capabilities.add(Capability.TOOL_CALL)
        if "thinking" in served:
            capabilities.add(Capability.REASONING)
        caps = frozenset(capabilities)
    elif matched is not None:
        caps = matched.capabilities
    else:
        caps = frozenset({Capability.TEMPERATURE})
        inferred.append("capabilities")

    family = details.get("family")
    model = Model(
        id=name,
        provider=owner,
        name=name,
        limits=limits,
        cost=Cost(input=_FREE, output=_FREE),
        modalities=modalities,
        capabilities=caps,
        family=matched.family if matched else family if isinstance(family, str) else None,
        open_weights=True,
        knowledge=matched.knowledge if matched else None,
        release_date=matched.release_date if matched else None,
        knowledge_precision=matched.knowledge_precision if matched else DatePrecision.DAY,
        release_date_precision=matched.release_date_precision if matched else DatePrecision.DAY,
    )
    return DiscoveredModel(
        model=model,
        source=source,
        matched=matched,
        inferred=tuple(inferred),
        tier=_tier(billions),
        parameters_billions=billions,
        warnings=warnings,
    )


# -- OpenAI-compatible servers ------------------------------------------------------


def openai_compatible(
    base_url: str,
    *,
    api_key: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    catalog: Catalog | None = None,
    provider: str = "openai-compatible",
) -> list[DiscoveredModel]:
    """The models of a server that speaks the OpenAI API: `GET {base_url}/models`
    (`base_url` is the API base, usually ending in `/v1`; a bare
    `http://host:port` means `http://host:port/v1`). `api_key` is sent as a
    bearer token when given."""
    parts = urllib.parse.urlsplit(base_url)
    if parts.path in ("", "/"):
        base_url = _join(base_url, "/v1")
    url = _join(base_url, "/models")
    headers = {"authorization": f"Bearer {api_key}"} if api_key else None
    answer = _request_json("GET", url, timeout=timeout, headers=headers)
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise _shape_error(url, 'expected {"object": "list", "data": [...]}')
    catalog = catalog or Catalog.packaged()
    owner = _as_provider(provider)
    found = []
    for index, entry in enumerate(answer["data"]):
        model_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(model_id, str) or not model_id:
            raise _shape_error(url, f"data[{index}] has no id")
        matched = match(model_id, catalog)
        inferred: list[str] = []
        served_context = entry.get("max_model_len")
        if (
            isinstance(served_context, int)
            and not isinstance(served_context, bool)
            and served_context > 0
        ):
            limits = Limits(
                context=served_context, output=matched.limits.output if matched else None
            )
        elif matched is not None:
            limits = matched.limits
        else:
            limits = Limits(context=DEFAULT_CONTEXT)
            inferred.append("limits")
        if matched is not None:
            model = Model(
                id=model_id,
                provider=owner,
                name=matched.name,
                limits=limits,
                modalities=matched.modalities,
                capabilities=matched.capabilities,
                family=matched.family,
                open_weights=matched.open_weights,
                knowledge=matched.knowledge,
                release_date=matched.release_date,
                knowledge_precision=matched.knowledge_precision,
                release_date_precision=matched.release_date_precision,
            )
        else:
            inferred += ["modalities", "capabilities"]
            text_only = frozenset({Modality.TEXT})
            model = Model(
                id=model_id,
                provider=owner,
                name=model_id,
                limits=limits,
                modalities=Modalities(input=text_only, output=text_only),
            )
        found.append(
            DiscoveredModel(model=model, source=url, matched=matched, inferred=tuple(inferred))
        )
    return found


def _as_provider(pid: str) -> Provider:
    try:
        return Provider(pid)
    except ValueError:
        custom: Provider = CustomProvider(pid)  # type: ignore[assignment]
        return custom
