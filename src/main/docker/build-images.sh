#!/usr/bin/env bash
# Builds the pghop images, one per PostgreSQL major, each on the official postgres image of that major:
#   pghop:<version>-pg12 ... pghop:<version>-pg17          (native executable; the default)
#   pghop:<version>-jvm-pg12 ... pghop:<version>-jvm-pg17  (with --jvm: on a Java runtime, from ./mvnw package)
# <version> is the pom's. Needs a Docker engine with BuildKit (docker 23 or newer) and network access.
#
# usage: src/main/docker/build-images.sh [--jvm] [MAJOR...]     e.g. build-images.sh 12 14
# IMAGE=registry.example.com/team/pghop names the images for your registry; push them with docker push.
set -euo pipefail
cd "$(dirname "$0")/../../.."

variant=native
if [ "${1:-}" = "--jvm" ]; then
    variant=jvm
    shift
fi
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then
    majors=(12 13 14 15 16 17)
fi
for major in "${majors[@]}"; do
    case $major in
        1[2-9]) ;;
        *) echo "build-images.sh: '$major' is not a PostgreSQL major from 12 on (e.g. 14)" >&2; exit 2 ;;
    esac
done

image=${IMAGE:-pghop}
version=$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
source_url=${PGHOP_SOURCE:-$(git remote get-url origin 2>/dev/null || echo unknown)}

if [ "$variant" = jvm ]; then
    ./mvnw -B -q package -Dmaven.test.skip=true -Dmdep.skip=true
    suffix=-jvm
else
    suffix=
fi

built=()
for major in "${majors[@]}"; do
    tag="$image:$version$suffix-pg$major"
    echo "build-images.sh: building $tag" >&2
    docker build -f "src/main/docker/Dockerfile.$variant" \
        --build-arg "PG_MAJOR=$major" \
        --build-arg "PGHOP_VERSION=$version" \
        --build-arg "PGHOP_REVISION=$revision" \
        --build-arg "PGHOP_SOURCE=$source_url" \
        -t "$tag" .
    built+=("$tag")
done
echo "build-images.sh: built ${built[*]}" >&2
