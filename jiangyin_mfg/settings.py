"""Settings for the 江阴制造强市 tracker, read from environment variables (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def read_dotenv(path: Path) -> None:
    """KEY=VALUE lines of a .env file (as .env.example shows) as defaults: a variable already set wins."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip().strip("\"'"))


read_dotenv(Path(os.environ.get("ENV_FILE", BASE_DIR / ".env")))


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """sqlite:///relative/or//absolute/path (relative to BASE_DIR) or postgres://user:password@host:port/name."""
    scheme = urlsplit(url).scheme
    if scheme not in ("sqlite", "postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL 不支持的数据库类型：{scheme}")
    db = dj_database_url.parse(
        url,
        # Opening a connection (and SQLite's init_command) costs more than most pages: keep it open per worker.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # Reconnect transparently after a PostgreSQL restart instead of failing every request.
        conn_health_checks=scheme != "sqlite",
    )
    if scheme != "sqlite":
        return db
    if db["NAME"] != ":memory:":
        db["NAME"] = BASE_DIR / db["NAME"]
    # Concurrent writers queue for the lock instead of failing with "database is locked".
    db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    return db


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("生产环境（DEBUG=false）必须设置 SECRET_KEY 环境变量")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "core",
    "departments",
    "plans",
    "indicators",
    "tasks",
    "imports",
    "scores",
    "supervision",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "public",
    "screen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after SecurityMiddleware, so it also sees the 403s of the CSRF check.
    "core.security.AccessDeniedLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages seen signed in are not kept by the browser; a NUL anywhere in a request is refused (400).
    "core.security.NoStoreMiddleware",
    "core.security.NulRefusalMiddleware",
    "core.security.SessionLifetimeMiddleware",
    # Every page requires login except those marked @login_not_required (the login page).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A signed-in account without any of the four roles sees only a 403 page (login, logout and, for staff,
    # the admin excepted).
    "departments.middleware.RoleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The application's 403 for the admin without staff rights; its Chinese 404 also under DEBUG.
    "core.error_pages.AdminAccessMiddleware",
    "core.error_pages.DebugNotFoundMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiangyin_mfg.urls"
WSGI_APPLICATION = "jiangyin_mfg.wsgi.application"

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
                "departments.context_processors.roles",
                "imports.context_processors.import_menu",
                "tasks.context_processors.worklist_counts",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///var/db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "departments.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# The only language: a browser asking for English still gets the admin and its import pages in Chinese.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for what Django and the third-party apps leave in English (django-axes, a few admin strings).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development files are served from the app folders as they change; production serves collectstatic's output.
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Request limits [ASVS 5.2.1]: an uploaded file over UPLOAD_MAX_BYTES is refused by the import form (the proxy's
# client_max_body_size stops far larger bodies first); form fields other than files may total 2.5 MB, in at
# most 2,000 fields (the review queue's bulk approval posts one per figure) and 5 files.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# Security (OWASP ASVS 5). Production sits behind an HTTPS reverse proxy (nginx) that sets X-Forwarded-Proto;
# HTTPS=false turns the HTTPS-only settings off, e.g. for gunicorn tried out on http://127.0.0.1 with DEBUG off.
HTTPS = envbool("HTTPS", "false" if DEBUG else "true")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is decided for the whole jiangyin.gov.cn domain, not by one application on a subdomain.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# How many reverse proxies append to X-Forwarded-For; 0 trusts only the socket's address (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "core.security.csrf_failure"

# Sessions end after 8 hours without a request, when the browser closes, and in any case 12 hours after
# signing in [ASVS 7.3.1, 7.3.2]. core.security.SessionLifetimeMiddleware saves an active session once a
# minute, which moves its expiry SESSION_COOKIE_AGE ahead: SESSION_SAVE_EVERY_REQUEST's idle timeout without
# a database write on every request.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_AGE = int(os.environ.get("SESSION_MAX_HOURS", "12")) * 3600

# Login throttling (django-axes) [ASVS 6.3.1]: 5 failures of one username from one address lock that pair
# for 15 minutes; a success resets the count. tests/conftest.py switches it off outside tests/security.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth.ModelBackend",  # Django's, with the user's department in the same query
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"

# Content-Security-Policy (django-csp): scripts and styles only from our own static files (ECharts and htmx
# are vendored), no inline code; data carried to scripts in <script type="application/json"> [ASVS 3.4.3].
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Reasons for a change (退回原因, file names of imports) can be longer than simple-history's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# django-import-export's own formula escaping turns every cell into text; core.resources escapes instead.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The admin's import reads an upload as the import page does (core.resources.UploadFormat).
ADMIN_IMPORT_READER = "imports.files.read_table"

# The approx ("左右") rule accepts values this fraction of the target below it as 基本达标.
APPROX_TOLERANCE = os.environ.get("APPROX_TOLERANCE", "0.01")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhibiao@jiangyin.local")
# Allocations between two collections of the youngest generation (Python's default is 700): see core/apps.py.
GC_YOUNG_THRESHOLD = int(os.environ.get("GC_YOUNG_THRESHOLD", "10000"))

# What is cached (the dashboard's rendered page) is keyed by the data version of core/freshness.py, kept in the
# database, so no worker serves data another worker has since changed. Per process by default; with REDIS_URL
# (e.g. redis://127.0.0.1:6379/0) the workers share one cache, and a page rendered by one serves them all.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jiangyin",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jiangyin"}
    )
}

# The address users open the site at; emails (催报) link to pages under it. Unless SITE_URL (environment or .env)
# says, the address `make run` / `make serve` listen on (LISTEN_URL, which they set from HOST and PORT).
SITE_URL = os.environ.get("SITE_URL") or os.environ.get("LISTEN_URL") or "http://127.0.0.1:8000"

# 红黄绿 (core/lights.py): something not handed in turns 黄 this many days before its deadline.
LIGHTS_WARN_DAYS = int(os.environ.get("LIGHTS_WARN_DAYS", "7"))
# 督办单 (supervision/): the reply deadline a new notice proposes, in days after it is issued.
SUPERVISION_REPLY_DAYS = int(os.environ.get("SUPERVISION_REPLY_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusal_logged_once": {"()": "core.log_filters.RefusalLoggedOnce"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Logins, failed logins, lockouts and refused requests, whatever LOG_LEVEL says [ASVS 16.3.1, 16.3.2].
        "jiangyin.security": {"level": "INFO"},
        # A 403 is that one line of jiangyin.security, not also Django's record with the PermissionDenied's stack.
        "django.request": {"filters": ["refusal_logged_once"]},
        "django.security.csrf": {"filters": ["refusal_logged_once"]},
    },
}

# Read-only API (api/): JSON only, GET only; tokens throttled at API_TOKEN_RATE ("120/min", "10/s", "5000/day").
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.access.CanRead"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "江阴制造强市建设指标跟踪 · 数据接口",
    "DESCRIPTION": "只读接口。机器调用请带 `Authorization: Bearer <令牌>`（只能读取已审核的完成值）。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Excel import
# A file over UPLOAD_MAX_BYTES, with more data rows than IMPORT_MAX_ROWS, or whose zip container (.xlsx/.ods)
# has too many entries, unpacks too large or compresses too well (a zip bomb) is refused before parsing.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_ZIP_ENTRIES = int(os.environ.get("IMPORT_MAX_ZIP_ENTRIES", "1000"))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "200"))
# Every uploaded file is parsed in a child process (core/sandbox.py) that may grow this many MB of address space
# beyond the worker's own size, use this much CPU time and live this long; past any of them the file is refused.
IMPORT_SANDBOX_MEMORY_MB = int(os.environ.get("IMPORT_SANDBOX_MEMORY_MB", "512"))
IMPORT_SANDBOX_CPU_SECONDS = int(os.environ.get("IMPORT_SANDBOX_CPU_SECONDS", "20"))
IMPORT_SANDBOX_WALL_SECONDS = float(os.environ.get("IMPORT_SANDBOX_WALL_SECONDS", "30"))
# An upload waits this long for its confirmation; later it is refused and purged.
IMPORT_PENDING_HOURS = int(os.environ.get("IMPORT_PENDING_HOURS", "2"))
# The admin's figure import/export (django-import-export) asks for these model permissions.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
