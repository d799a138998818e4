"""The Painel de Controle's building blocks (issue #12 item 1): bounded per-status counts, the server-side
SVG chart and which rows of a page the person may cancel. The view is ``tramites.views.painel``."""
