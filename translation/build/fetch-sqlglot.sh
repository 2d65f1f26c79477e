#!/usr/bin/env bash
# Fetches sqlglot's pure-Python sources from Debian's archive, verifies them against a pinned
# SHA-256 and lays them out as a GraalPy virtual file system under OUTPUT_DIR, so that the
# module's jar carries sqlglot and a built Switchboard needs no network and no system Python.
#
# Usage: fetch-sqlglot.sh DEB_VERSION SHA256 OUTPUT_DIR
#
# The .deb is cached outside target/ (in $SWITCHBOARD_CACHE_DIR, default
# ~/.cache/switchboard/debian), so `mvn clean install` needs no network after the first build.
# Sources tried in order: the file already in the cache; $SQLGLOT_DEB_URL when set; Debian's pool
# on $DEBIAN_MIRROR (default http://deb.debian.org/debian); snapshot.debian.org, which keeps every
# version ever published (for when the pool has moved on to a newer backport); and, when neither
# curl nor wget exists (a minimal Debian image), `apt-get download` under a private apt
# configuration that leaves the system's apt setup untouched. Whatever the source, the SHA-256 must
# match the pinned one.
set -euo pipefail

if [ "$#" -ne 3 ]; then
    echo "usage: $0 DEB_VERSION SHA256 OUTPUT_DIR" >&2
    exit 2
fi
version="$1"
expected_sha256="$2"
output_dir="$3"

package=python3-sqlglot
file="${package}_${version}_all.deb"
cache_dir="${SWITCHBOARD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}/debian"
cached="$cache_dir/$file"
vfs_root=switchboard-python
# Beside the output directory, not in it: everything in it is packed into the jar.
stamp="${output_dir%/}.sqlglot-$expected_sha256.stamp"

fail() {
    echo "fetch-sqlglot: $*" >&2
    exit 1
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d' ' -f1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 -r "$1" | cut -d' ' -f1
    else
        fail "need sha256sum, shasum or openssl to verify $1"
    fi
}

has_expected_hash() {
    [ -f "$1" ] && [ "$(sha256_of "$1")" = "$expected_sha256" ]
}

# Already unpacked by an earlier build of this checkout: nothing to do.
if [ -f "$stamp" ]; then
    exit 0
fi

download() { # url destination
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 2 --connect-timeout 20 --max-time 300 -o "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --tries=3 --timeout=60 -O "$2" "$1"
    else
        return 127
    fi
}

apt_download() { # destination directory
    command -v apt-get >/dev/null 2>&1 || return 127
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -f "$keyring" ] || { echo "fetch-sqlglot: $keyring is missing (apt-get install debian-archive-keyring)" >&2; return 1; }
    local apt_dir
    apt_dir="$(mktemp -d)"
    chmod 755 "$apt_dir" # apt drops to its _apt user for downloads when run as root
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/preferences.d" "$apt_dir/apt.conf.d"
    echo "deb [signed-by=$keyring] ${DEBIAN_MIRROR:-http://deb.debian.org/debian} trixie-backports main" >"$apt_dir/sources.list"
    touch "$apt_dir/status"
    # APT_CONFIG is read before the system's apt.conf.d, so none of its hooks or sources apply.
    cat >"$apt_dir/apt.conf" <<CONF
Dir::Etc::SourceList "$apt_dir/sources.list";
Dir::Etc::SourceParts "$apt_dir/none";
Dir::Etc::Parts "$apt_dir/apt.conf.d";
Dir::Etc::Preferences "$apt_dir/preferences";
Dir::Etc::PreferencesParts "$apt_dir/preferences.d";
Dir::State::Lists "$apt_dir/lists";
Dir::State::status "$apt_dir/status";
Dir::Cache "$apt_dir/cache";
Debug::NoLocking "true";
CONF
    local status=0
    (export APT_CONFIG="$apt_dir/apt.conf"; apt-get -qq update && cd "$1" && apt-get -qq download "$package=$version") || status=$?
    rm -rf "$apt_dir"
    return $status
}

if ! has_expected_hash "$cached"; then
    mkdir -p "$cache_dir"
    partial="$(mktemp "$cache_dir/.download.XXXXXX")"
    trap 'rm -f "$partial"' EXIT
    urls=()
    [ -n "${SQLGLOT_DEB_URL:-}" ] && urls+=("$SQLGLOT_DEB_URL")
    urls+=("${DEBIAN_MIRROR:-http://deb.debian.org/debian}/pool/main/s/sqlglot/${file//\~/%7E}")
    urls+=("https://snapshot.debian.org/archive/debian/20261120T000000Z/pool/main/s/sqlglot/${file//\~/%7E}")
    fetched=false
    tried=""
    for url in "${urls[@]}"; do
        tried="$tried
  $url"
        : >"$partial"
        if download "$url" "$partial" && has_expected_hash "$partial"; then
            fetched=true
            break
        elif [ $? -eq 127 ]; then
            break
        fi
        if [ -s "$partial" ]; then
            echo "fetch-sqlglot: $url gave a file with SHA-256 $(sha256_of "$partial"), not the pinned one; trying the next source" >&2
        else
            echo "fetch-sqlglot: $url could not be downloaded; trying the next source" >&2
        fi
    done
    if ! $fetched && ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
        apt_dir_out="$(mktemp -d)"
        chmod 777 "$apt_dir_out"
        if apt_download "$apt_dir_out" && has_expected_hash "$apt_dir_out/$(ls "$apt_dir_out" | head -n1)"; then
            mv "$apt_dir_out"/*.deb "$partial"
            fetched=true
        fi
        rm -rf "$apt_dir_out"
        tried="$tried
  apt-get download $package=$version (trixie-backports)"
    fi
    if ! $fetched; then
        fail "could not fetch $file with SHA-256 $expected_sha256. Tried:$tried
Fix: make one of those reachable (curl or wget plus network access to Debian's archive), set
SQLGLOT_DEB_URL to a mirror of that exact file, or place the file in $cache_dir yourself."
    fi
    mv "$partial" "$cached"
    trap - EXIT
fi

# Unpack into a scratch directory, then move only the Python package into place.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if command -v dpkg-deb >/dev/null 2>&1; then
    dpkg-deb -x "$cached" "$work/root"
elif command -v ar >/dev/null 2>&1 && command -v tar >/dev/null 2>&1; then
    (cd "$work" && ar x "$cached")
    data="$(ls "$work"/data.tar.* 2>/dev/null | head -n1)"
    [ -n "$data" ] || fail "$cached holds no data.tar.* member"
    mkdir -p "$work/root"
    tar -xf "$data" -C "$work/root" || fail "could not unpack $data (a tar with xz support is needed)"
else
    fail "need dpkg-deb, or ar and tar, to unpack $cached"
fi
site="$work/root/usr/lib/python3/dist-packages"
[ -f "$site/sqlglot/__init__.py" ] || fail "$cached does not contain sqlglot at usr/lib/python3/dist-packages"

rm -rf "${output_dir:?}/$vfs_root"
mkdir -p "$output_dir/$vfs_root/src"
cp -R "$site/sqlglot" "$output_dir/$vfs_root/src/"
find "$output_dir/$vfs_root/src" -name __pycache__ -type d -prune -exec rm -rf {} +
# sqlglot is MIT licensed; ship its licence terms with it.
mkdir -p "$output_dir/$vfs_root/licenses"
if [ -f "$work/root/usr/share/doc/$package/copyright" ]; then
    cp "$work/root/usr/share/doc/$package/copyright" "$output_dir/$vfs_root/licenses/sqlglot-debian-copyright"
fi

# GraalPy's virtual file system finds its files through this list: one resource path a line,
# directories ending with '/'.
(
    cd "$output_dir"
    echo "/$vfs_root/"
    find "$vfs_root" -mindepth 1 | LC_ALL=C sort | while IFS= read -r path; do
        if [ -d "$path" ]; then echo "/$path/"; else echo "/$path"; fi
    done
) >"$work/fileslist.txt"
mv "$work/fileslist.txt" "$output_dir/$vfs_root/fileslist.txt"
rm -f "${output_dir%/}".sqlglot-*.stamp
touch "$stamp"
echo "fetch-sqlglot: sqlglot from $file is ready in $output_dir/$vfs_root"
