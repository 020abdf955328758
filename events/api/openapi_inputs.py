"""The OpenAPI document says which bodies refuse keys they do not define.

Every input Struct forbids unknown fields (``events.api.schemas.common.Input``), but Litestar 2.25 documents a
Struct as an object open to any other key. This schema plugin, placed before Litestar's own, documents such a
Struct exactly as Litestar would and adds ``additionalProperties: false``, so clients and the fuzzer know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition


def forbids_unknown_fields(field_definition: FieldDefinition) -> bool:
    type_ = field_definition.type_
    return (
        isinstance(type_, type) and issubclass(type_, msgspec.Struct) and type_.__struct_config__.forbid_unknown_fields
    )


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    """Structs with ``forbid_unknown_fields``: Litestar's schema plus ``additionalProperties: false``."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return super().is_plugin_supported_field(field_definition) and forbids_unknown_fields(field_definition)

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema
