from django.apps import AppConfig


class EstruturaConfig(AppConfig):
    name = "estrutura"
    verbose_name = "Estruturas organizacionais"
