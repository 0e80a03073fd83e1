# The dashboard in a container: docker build -t tracker . && docker run -p 8501:8501 tracker
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user owns the app; the server never runs as root.
RUN useradd --create-home --uid 10001 tracker
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN python -m pip install -r requirements.txt

COPY --chown=tracker:tracker . .
USER tracker

EXPOSE 8501
# Streamlit's own health endpoint answers "ok" once the server is up (python: the slim image has no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"

# Secrets (the access gate) are mounted at /app/.streamlit/secrets.toml; EVENTS_PATH may point at a mounted file.
CMD ["streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0"]
