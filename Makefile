# The two commands of the README: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` (one per CPU); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
BROWSER_PACKAGES := chromium fonts-noto-cjk

.PHONY: run test install install-dev browser setup lint format serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian's Chromium and CJK fonts for the browser tests, installed only when missing.
browser:
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "安装浏览器测试依赖：$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing \
		|| { $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; }; \
	fi

setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_plan
# Demo figures only while the database has none, so a second `make run` adds nothing.
	$(BIN)/python manage.py seed_demo --figures

# Links in reminder emails point at the address the server really listens on, unless SITE_URL (environment or
# .env) says otherwise: LISTEN_URL is settings.py's fallback, so it never hides a SITE_URL written in .env.
run: setup
	LISTEN_URL="http://$(HOST):$(PORT)" $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=15

# Production-like: DEBUG off, whitenoise serving collectstatic's output, gunicorn with the workers of
# gunicorn.conf.py (2 × CPUs + 1, or WEB_CONCURRENCY), on the same database as `make run` unless DATABASE_URL says.
# Without SECRET_KEY it is a local trial: a throwaway key, and plain http (HTTPS=false) unless HTTPS is set.
serve: install
	@export DEBUG="$${DEBUG:-false}" LISTEN_URL="http://$(HOST):$(PORT)"; \
	if [ -z "$${SECRET_KEY:-}" ]; then \
		echo "警告：未设置 SECRET_KEY，按本机试运行启动：使用临时随机密钥（重启后需重新登录），HTTPS=$${HTTPS:-false}，只接受 $${ALLOWED_HOSTS:-127.0.0.1、localhost} 的访问。正式部署请设置 SECRET_KEY、ALLOWED_HOSTS，并在前面放 HTTPS 反向代理。" >&2; \
		export SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
		export HTTPS="$${HTTPS:-false}"; \
	fi; \
	case "$${DATABASE_URL:-sqlite}" in sqlite*) \
		echo "提示：数据库为 SQLite，只适合本机试用；多人同时填报请设置 DATABASE_URL 使用 PostgreSQL。" >&2;; \
	esac; \
	mkdir -p var && \
	$(BIN)/python manage.py collectstatic --noinput -v 0 && \
	exec $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles test-output
