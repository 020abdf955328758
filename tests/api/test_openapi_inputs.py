"""The OpenAPI document says every JSON body refuses keys it does not define, and the API does refuse them."""

from __future__ import annotations

from typing import Any

import httpx

# the schedule file is the public exchange format, read as any JSON object and checked by its own rules
OPEN_BODIES = {("post", "/api/events/{event_id}/schedule-runs/import")}


def _objects_of(schema: dict[str, Any], components: dict[str, Any], seen: set[str]) -> list[tuple[str, dict[str, Any]]]:
    """Every named object schema reachable from ``schema`` (through $ref, properties, items and oneOf)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return found
        seen.add(name)
        target = components[name]
        if target.get("type") == "object":
            found.append((name, target))
        return found + _objects_of(target, components, seen)
    for child in [*schema.get("properties", {}).values(), *schema.get("oneOf", []), *schema.get("prefixItems", [])]:
        found += _objects_of(child, components, seen)
    if isinstance(schema.get("items"), dict):
        found += _objects_of(schema["items"], components, seen)
    return found


async def test_every_json_body_is_documented_as_closed(client: httpx.AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    components = document["components"]["schemas"]
    bodies = {
        (method, path): operation["requestBody"]["content"]["application/json"]["schema"]
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    assert len(bodies) == 27
    open_objects = {
        name
        for key, schema in bodies.items()
        if key not in OPEN_BODIES
        for name, target in _objects_of(schema, components, set())
        if target.get("additionalProperties") is not False
    }
    assert open_objects == set()
    nested = {name for name, _ in _objects_of(bodies[("post", "/api/events")], components, set())}
    assert nested == {"EventCreate", "SlotGridInput", "TablesInput", "TableInput"}
