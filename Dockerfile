# Production image for Qoldau: gunicorn serving config.wsgi (also used for the Celery worker and beat).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir .

# Build-time only values: production settings insist on a secret key and a database URL.
RUN export DJANGO_SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && if find . -name '*.po' -print -quit | grep -q .; then python manage.py compilemessages; fi \
    && python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

RUN useradd --system --uid 10001 --home-dir /app --no-create-home qoldau \
    && mkdir -p /app/var \
    && chown qoldau /app/var
USER qoldau

EXPOSE 8000
# The configuration `make bench` measures: 2 workers × 4 threads on 2 cores; one worker a core.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--access-logfile", "-"]
