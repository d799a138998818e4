"""An órgão's own settings screens: Gestor Tecnológico with its history (spec §4.4)."""
