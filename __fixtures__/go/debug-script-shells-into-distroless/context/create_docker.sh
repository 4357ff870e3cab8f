#!/bin/bash
set -euo pipefail

docker build -t forum-image .
docker container run -p 8080:8080 --detach --name forum forum-image

# Look around inside the running container.
docker exec -it forum /bin/bash
