"""OpenAPI description of the strict entrada fields, per instance (limits and choices as they validate).

Registered by import (drf-spectacular finds ``OpenApiSerializerFieldExtension`` subclasses when their module
is loaded); ``tramites.api.entrada`` imports this module.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension


class EsquemaDeInteiro(OpenApiSerializerFieldExtension):
    target_class = "tramites.api.entrada.campos.Inteiro"

    def map_serializer_field(self, auto_schema, direction):
        campo = self.target
        inteiro = {"type": "integer", "minimum": campo.minimo, "maximum": campo.maximo}
        if campo.opcoes:
            return {"type": "integer", "enum": list(campo.opcoes)}
        # PHP clients send numbers as text too: ASCII digits (the range is checked on the value).
        digitos = "^[0-9]*[1-9][0-9]*$" if campo.minimo >= 1 else "^[0-9]+$"
        return {"oneOf": [inteiro, {"type": "string", "pattern": digitos, "maxLength": 19}]}
