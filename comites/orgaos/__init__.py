"""An órgão's definition and settings: Definir novo Órgão/Entidade (spec §4.2), Gestor Tecnológico with its
history (§4.4)."""
