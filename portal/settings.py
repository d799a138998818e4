"""Settings of the portal.

Everything comes from environment variables, parsed strictly by django-environ, with embedded
defaults that run the portal on one machine with no services (SQLite, a filesystem broker, a
file cache). ``DJANGO_ENV=production`` switches on the hardened profile, which refuses to start
without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

_DEV_SECRET = "dev-insecure-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("Production needs SECRET_KEY: a random string of at least 50 characters.")

DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; see portal/rede.py.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None

# API authentication by client certificate (comites/certificados/autenticacao.py): the TLS proxy verifies the
# certificate and forwards it URL-encoded (nginx's $ssl_client_escaped_cert) in this header; it is believed only
# from TRUSTED_PROXIES. A verified certificate is re-checked at most every CERTIFICADO_CACHE_SEGUNDOS (the bound
# on a revocation when the shared cache is down; with it up, within CERTIFICADO_VERSAO_SEGUNDOS in every process).
CERTIFICADO_CLIENTE_CABECALHO = env.str("CERTIFICADO_CLIENTE_CABECALHO", default="X-SSL-Client-Cert")
CERTIFICADO_CACHE_SEGUNDOS = env.int("CERTIFICADO_CACHE_SEGUNDOS", default=60)
# How often each process re-reads the shared version that announces revocations (the bound across processes).
CERTIFICADO_VERSAO_SEGUNDOS = env.float("CERTIFICADO_VERSAO_SEGUNDOS", default=1.0)
# A certificate's last use (when, from which address) is written at most once per interval per address.
CERTIFICADO_USO_INTERVALO_SEGUNDOS = env.int("CERTIFICADO_USO_INTERVALO_SEGUNDOS", default=60)

# Which bus environment this deployment serves: homologação and produção run as two deployments.
AMBIENTE = env.str("PORTAL_AMBIENTE", default="homologacao")
if AMBIENTE not in {"homologacao", "producao"}:
    raise ImproperlyConfigured("PORTAL_AMBIENTE must be homologacao or producao.")
# The key that encrypts the in-portal certificate authority's private key at rest (comites/certificados).
_DEV_AC_CHAVE = "dev-insecure-ca-master-key-do-not-use-in-production"
AC_CHAVE_MESTRA = env.str("AC_CHAVE_MESTRA", default="" if PRODUCTION else _DEV_AC_CHAVE)
if PRODUCTION and (len(AC_CHAVE_MESTRA) < 32 or AC_CHAVE_MESTRA == _DEV_AC_CHAVE):
    raise ImproperlyConfigured("Production needs AC_CHAVE_MESTRA: a random string of at least 32 characters.")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.admin_site.AdminSomenteLeituraConfig",  # django.contrib.admin, read-only for every model
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "portal",
    "hipoteses",
    "estrutura",
    "comites",
    "tramites",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RequestIdMiddleware",
    "portal.entrada_nul.RecusarNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.saude_direta.SaudeDiretaMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.AuditContextMiddleware",
    "portal.middleware.MfaObrigatorioMiddleware",
    "portal.paginas_de_erro.Pagina404EmDesenvolvimentoMiddleware",
    "portal.servicos_indisponiveis.ServicoIndisponivelMiddleware",
]
# With DEBUG on, missing pages still show the portal's 404 page unless this is set.
PORTAL_404_TECNICO = env.bool("PORTAL_404_TECNICO", default=False)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]



def _pasta_local(caminho) -> None:
    """Creates a local folder the portal writes to (under var/ by default), so a fresh clone starts.

    The file cache, the file e-mail backend and the private media storage create their folders on first
    use; SQLite and kombu's filesystem broker do not, hence this for them.
    """
    Path(caminho).mkdir(parents=True, exist_ok=True)


DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening a PostgreSQL connection per request cost 29–64 % of every page
# (bench/README.md). Production keeps each connection for CONN_MAX_AGE seconds, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# DB_POOL (set by portal/asgi.py for the long-poll process): connections come from a psycopg pool. There each
# long poll runs its queries in a thread of its own and closes the connection before it waits (1 000 waiters
# must not hold 1 000 connections); without a pool every poll paid a new PostgreSQL backend (fork, catalog
# warm-up) each time it looked (bench/README.md, lifecycle). A pool replaces persistent connections.
if env.bool("DB_POOL", default=False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": env.int("DB_POOL_MAXIMO", default=10), "timeout": 30}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    if str(DATABASES["default"]["NAME"]) not in {"", ":memory:"}:
        _pasta_local(Path(DATABASES["default"]["NAME"]).parent)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"].get("BACKEND") == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "portal.cache_redis.RedisCache"  # one redis.Redis per pool (portal/cache_redis.py)
if TESTING and "CACHE_URL" not in env:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Long poll of pendências (GET interoperabilidade/rest/v3/pendencias): how long a request waits for something
# new (real clients time out at 300 s), and the Redis whose pub/sub wakes the waiters across processes
# (empty: the embedded default, waiters are woken by transitions made in their own process only).
# Tests that wait on the long poll set their own deadline; any other request to it (e.g. a test walking
# every API route) must not hold the suite for the real clients' 300 s.
PENDENCIAS_LONG_POLL_SEGUNDOS = env.float("PENDENCIAS_LONG_POLL_SEGUNDOS", default=0.5 if TESTING else 300)
PENDENCIAS_REDIS_URL = env.str("PENDENCIAS_REDIS_URL", default="")
# Anonymous answers of the public pages and API searches, invalidated on change (portal/cache_publico.py).
CACHE_PUBLICO_SEGUNDOS = env.int("CACHE_PUBLICO_SEGUNDOS", default=300)

AUTH_USER_MODEL = "portal.Pessoa"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:principal"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail + password, no username; MFA by TOTP with recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = True
# Sessions always end when the browser closes (and after SESSION_COOKIE_AGE): no "remember me".
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_FORMS = {
    "login": "portal.accounts.forms.EntrarForm",
    "reset_password": "portal.accounts.forms.RedefinirSenhaForm",
    "add_email": "portal.accounts.forms.AlterarEmailForm",
}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,20/m/ip",
    "reset_password": "5/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "3/m/user",
    "signup": "5/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tramita.GOV.BR] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tramita.GOV.BR"
MFA_RECOVERY_CODE_COUNT = 10
# allauth refuses TOTP while an address is "unverified", guarding against someone signing up with another
# person's e-mail. Sign-up is closed here: login e-mails are assigned by administrators/gestores and proven
# by the set-password link, so staff forced to enrol TOTP must not be blocked by that check.
MFA_ALLOW_UNVERIFIED_EMAIL = True

SESSION_COOKIE_AGE = int(timedelta(hours=8).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)")]
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents (access-request attachments, certificates, trâmite components) live outside the
# static tree and are never served by URL: views stream them after a permission check.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/_privado/"  # never routed: private files are streamed by views after a permission check
# Trâmite components (tramites/armazenamento.py): the filesystem under PRIVATE_MEDIA_ROOT by default; any
# Django storage backend by dotted path, e.g. django-storages' "storages.backends.s3.S3Storage" with
# COMPONENTES_STORAGE_OPTIONS='{"bucket_name": "tramita", "endpoint_url": "https://s3.example"}'.
COMPONENTES_STORAGE_BACKEND = env.str(
    "COMPONENTES_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
COMPONENTES_STORAGE_OPTIONS = env.json("COMPONENTES_STORAGE_OPTIONS", default={}) or (
    {"location": str(PRIVATE_MEDIA_ROOT / "componentes"), "file_permissions_mode": 0o600,
     "directory_permissions_mode": 0o700}
    if COMPONENTES_STORAGE_BACKEND == "django.core.files.storage.FileSystemStorage" else {}
)
STORAGES["componentes"] = {"BACKEND": COMPONENTES_STORAGE_BACKEND, "OPTIONS": COMPONENTES_STORAGE_OPTIONS}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Unidades administrativas (comites.mapeamento) posts a checkbox and a mode per unit of a tree of up to
# 3,000 units shown (plus a search's ancestors); Django's default of 1,000 fields would refuse it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.filebased.EmailBackend"
    if not PRODUCTION
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "emails"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tramita.GOV.BR <nao-responda@tramita.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis in production; a filesystem broker (no server) by default; eager in tests.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "out"),
        "data_folder_out": str(VAR_DIR / "broker" / "out"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # An unacknowledged task (acks_late) of a worker that died is handed out again this many seconds after it
    # was delivered, once a worker starts or sweeps; it must exceed the longest task.
    else {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _pasta in ("out", "processed", "control"):
        _pasta_local(VAR_DIR / "broker" / _pasta)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Static beat entries; run-time intervals (SIORG sync) come from Parâmetros inside the tasks themselves.
CELERY_BEAT_SCHEDULE = {
    "portal-beat-tick": {"task": "portal.tasks.beat_tick", "schedule": 60.0},
    "portal-expurgar-exportacoes": {
        "task": "portal.tasks.expurgar_exportacoes", "schedule": crontab(hour=3, minute=30),
    },
    "comites-lembrete-solicitacoes-pendentes": {
        "task": "comites.tasks.lembrar_solicitacoes_pendentes",
        "schedule": crontab(hour=8, minute=0),
    },
    "comites-purgar-anexos-temporarios": {"task": "comites.tasks.purgar_anexos_temporarios", "schedule": 3600.0},
    # Hourly tick; the task runs the SIORG sync only when "siorg_intervalo_horas" (Parâmetros) has elapsed.
    "estrutura-sincronizar-siorg": {"task": "estrutura.tasks.sincronizar_siorg_agendado", "schedule": 3600.0},
    # Runs whose worker died are marked failed after ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS.
    "estrutura-execucoes-perdidas": {"task": "estrutura.tasks.marcar_execucoes_perdidas", "schedule": 600.0},
    # Trâmites (tramites.tarefas): hourly auto-cancel of trâmites past the deadline (Parâmetros); daily warning
    # to the sending órgãos' gestores of those about to be cancelled; daily purge of expired binaries.
    "tramites-cancelar-vencidos": {"task": "tramites.tarefas.cancelar_vencidos", "schedule": crontab(minute=15)},
    "tramites-avisar-cancelamento": {
        "task": "tramites.tarefas.avisar_cancelamento_proximo", "schedule": crontab(hour=7, minute=30),
    },
    # Daily digest of stuck trâmites to the gestores of the órgão that must act (at most one per órgão a day).
    "tramites-resumo-de-parados": {
        "task": "tramites.tarefas.enviar_resumo_de_parados", "schedule": crontab(hour=7, minute=45),
    },
    # Verifications a broker outage lost (enqueued while it was down, or gone with its queue): every 5 minutes.
    "tramites-retomar-verificacoes": {"task": "tramites.tarefas.retomar_verificacoes", "schedule": 300.0},
    # The Painel's per-status counters: the rows the transitions append, folded into one per combination.
    "tramites-compactar-contadores": {"task": "tramites.tarefas.compactar_contadores", "schedule": 300.0},
    "tramites-expurgar-binarios": {
        "task": "tramites.tarefas.expurgar_binarios", "schedule": crontab(hour=2, minute=45),
    },
    # Daily: e-mails the gestores about SPE certificates close to (or past) expiry.
    "comites-avisar-expiracao-certificados": {
        "task": "comites.tasks.avisar_expiracao_certificados", "schedule": crontab(hour=7, minute=0),
    },
}
ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS = env.int("ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS", default=180)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
    # Every API view serves the systems (SPEs), identified by their client certificate; the few public
    # endpoints (healthcheck, the OpenAPI document) say so themselves.
    "DEFAULT_AUTHENTICATION_CLASSES": ["comites.certificados.autenticacao.AutenticacaoPorCertificado"],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissoes.SomenteSistemaAutenticado"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API do Tramita.GOV.BR",
    "DESCRIPTION": "API REST v3 de interoperabilidade usada pelos sistemas de processo eletrônico.",
    "VERSION": "3.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN, and its start-up script is a separate file
    # (SpectacularSwaggerSplitView), which the Content Security Policy (script-src 'self') allows.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tramites.api.esquema_pendencias.documentar_long_poll",  # an async view DRF does not describe
        "portal.api.esquema.documentar_erros",
    ],
}

DJANGO_TABLES2_TEMPLATE = "portal/tables/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8

# Content Security Policy (django-csp 4): no inline scripts, assets served by the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logging.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Where the SIORG web service answers (the beat job fetches the full federal structure from here).
SIORG_BASE_URL = env.str("SIORG_BASE_URL", default="https://estruturaorganizacional.dados.gov.br/doc")
SIORG_TIMEOUT_SECONDS = env.int("SIORG_TIMEOUT_SECONDS", default=60)

ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
