FROM node:20
onbuild RUN npm ci
ONBUILD   COPY --chown=node . /app
ONBUILD RUN <<EOF
echo trigger
EOF
