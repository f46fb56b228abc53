#!/usr/bin/env bash
# Builds the pghop images, one per PostgreSQL major, each on the postgres image of that major:
#   pghop:<version>-pg12 ... pghop:<version>-pg18          (native executable; the default)
#   pghop:<version>-jvm-pg12 ... pghop:<version>-jvm-pg18  (with --jvm: on a Java runtime, from ./mvnw package)
#   pghop:<version>[-jvm]-upgrade-pg13 ...                 (with --upgrade, beside each: `pghop upgrade` into that
#                                                           major, carrying the older majors' server programs)
# <version> is the pom's (PGHOP_VERSION overrides it).
#
# usage: src/main/docker/build-images.sh [--jvm [--prebuilt]] [--upgrade] [MAJOR...]   e.g. build-images.sh --jvm 13 17
#   --prebuilt   use target/quarkus-app as it is instead of running ./mvnw package first
#   --upgrade    also build the upgrade image of each major (src/main/docker/upgrade/): the pghop image plus the
#                server programs of every older major in UPGRADE_FROM, each copied from <BASE_IMAGE>:<old major>
# Environment:
#   IMAGE        the images' name, e.g. registry.example.com/team/pghop (default pghop); push them with docker push
#   BASE_IMAGE   the postgres images to build on, as <BASE_IMAGE>:<major> (default postgres, the official ones)
#   JRE_IMAGE    the Java runtime image of --jvm (default eclipse-temurin:21-jre)
#   UPGRADE_FROM the older majors an upgrade image carries, those below its own major (default 12 to 17)
#
# The native variant compiles pghop in a Mandrel builder stage: it needs BuildKit (docker buildx) and a registry
# that serves the builder image. The JVM variant builds with BuildKit or with the classic builder, and from local
# base images too (the classic builder never pulls an image it has).
set -euo pipefail
cd "$(dirname "$0")/../../.."

die() { echo "build-images.sh: $*" >&2; exit 2; }

variant=native
prebuilt=false
upgrade=false
while [ $# -gt 0 ]; do
    case $1 in
        --jvm) variant=jvm ;;
        --prebuilt) prebuilt=true ;;
        --upgrade) upgrade=true ;;
        -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) break ;;
    esac
    shift
done
if [ "$prebuilt" = true ] && [ "$variant" != jvm ]; then
    die "--prebuilt needs --jvm: the native variant compiles pghop inside its builder stage"
fi
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then
    majors=(12 13 14 15 16 17 18)
fi
upgrade_from=(${UPGRADE_FROM:-12 13 14 15 16 17})
for major in "${majors[@]}" "${upgrade_from[@]}"; do
    case $major in
        1[2-9]) ;;
        *) die "'$major' is not a PostgreSQL major from 12 on (e.g. 14)" ;;
    esac
done

if docker buildx version >/dev/null 2>&1; then
    buildkit=1
elif [ "$variant" = native ]; then
    die "the native Dockerfile needs BuildKit, and this Docker has no buildx: install docker-buildx, or build the JVM images with --jvm"
else
    buildkit=0
fi
export DOCKER_BUILDKIT=$buildkit

image=${IMAGE:-pghop}
version=${PGHOP_VERSION:-$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)}
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
source_url=${PGHOP_SOURCE:-$(git remote get-url origin 2>/dev/null || echo unknown)}

build_args=(--build-arg "PGHOP_VERSION=$version" --build-arg "PGHOP_REVISION=$revision"
    --build-arg "PGHOP_SOURCE=$source_url")
[ -z "${BASE_IMAGE:-}" ] || build_args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
if [ "$variant" = jvm ]; then
    [ -z "${JRE_IMAGE:-}" ] || build_args+=(--build-arg "JRE_IMAGE=$JRE_IMAGE")
    if [ "$prebuilt" = false ]; then
        ./mvnw -B -q package -Dmaven.test.skip=true -Dmdep.skip=true
    fi
    [ -f target/quarkus-app/quarkus-run.jar ] || die "target/quarkus-app is missing: run ./mvnw package (or drop --prebuilt)"
    suffix=-jvm
else
    suffix=
fi

built=()
for major in "${majors[@]}"; do
    tag="$image:$version$suffix-pg$major"
    started=$SECONDS
    echo "build-images.sh: building $tag on ${BASE_IMAGE:-postgres}:$major" >&2
    docker build -f "src/main/docker/Dockerfile.$variant" --build-arg "PG_MAJOR=$major" "${build_args[@]}" \
        -t "$tag" . >&2
    echo "build-images.sh: built $tag in $((SECONDS - started)) s" >&2
    built+=("$tag")
    if [ "$upgrade" = true ]; then
        upgrade_tag="$image:$version$suffix-upgrade-pg$major"
        from=$tag
        for old in "${upgrade_from[@]}"; do
            [ "$old" -lt "$major" ] || continue
            echo "build-images.sh: adding PostgreSQL $old's server programs to $upgrade_tag" >&2
            docker build -f src/main/docker/upgrade/Dockerfile --build-arg "PGHOP_IMAGE=$from" \
                --build-arg "OLD_MAJOR=$old" ${BASE_IMAGE:+--build-arg "BASE_IMAGE=$BASE_IMAGE"} \
                -t "$upgrade_tag" src/main/docker/upgrade >&2
            from=$upgrade_tag
        done
        if [ "$from" = "$tag" ]; then
            echo "build-images.sh: no major of UPGRADE_FROM (${upgrade_from[*]}) is below $major: no upgrade image of $major" >&2
        else
            built+=("$upgrade_tag")
        fi
    fi
done
echo "build-images.sh: built ${built[*]}" >&2
