#!/bin/sh
# First step of the execution environment's build (execution-environment.yml, prepend_base): stop at once, saying
# why, when the build context holds no collection tarball, instead of failing late in the galaxy stage.
# The tarball comes from `make build` (.build/dist/remotedesktop-licensing-<version>.tar.gz of the checkout).
# Usage: check_collection.sh [FOLDER]   (default: the folder of this script, where the tarball is copied too)
dir=${1:-$(dirname "$0")}
count=0
for tarball in "$dir"/remotedesktop-licensing-*.tar.gz; do
    [ -f "$tarball" ] && count=$((count + 1))
done
if [ "$count" -eq 0 ]; then
    echo 'execution-environment.yml: no collection tarball .build/dist/remotedesktop-licensing-<version>.tar.gz' \
        'was found when the build context was created. Run `make build` in the repository (the default BUILD,' \
        'so that the tarball is in .build/dist/), then ansible-builder again.' >&2
    exit 1
fi
if [ "$count" -gt 1 ]; then
    echo "execution-environment.yml: $count collection tarballs in .build/dist/, expected one: run \`make build\`" \
        'again (it empties .build/dist/ first).' >&2
    exit 1
fi
echo "execution-environment.yml: collection tarball $(basename "$tarball")"
