#!/bin/sh
# nginx's own limits for a hall of phones, set in Debian's /etc/nginx/nginx.conf (or the file
# given). A phone takes up to four of a worker's connections: its event stream and its answer,
# each with the node's side. Debian's 768 per worker stop a hall of a few hundred phones; 40,960
# serve 10,000 even when one worker takes them all, and each needs an open file. Higher values
# are kept; running it twice changes nothing. Then: nginx -t && systemctl reload nginx
set -eu
file=${1:-/etc/nginx/nginx.conf}
tmp=$(mktemp)
awk -v connections=40960 -v files=65536 '
	# Raises the number of "name N;" on this line to at least want (comments left alone).
	function raise(name, want,   found, n) {
		if ($0 ~ /^[ \t]*#/ || !match($0, name "[ \t]+[0-9]+;")) return 0
		found = substr($0, RSTART, RLENGTH)
		n = found; gsub(/[^0-9]/, "", n)
		if (n + 0 < want) {
			sub(/[0-9]+;$/, want ";", found)
			$0 = substr($0, 1, RSTART - 1) found substr($0, RSTART + RLENGTH)
		}
		return 1
	}
	{ raise("worker_connections", connections) }
	{ if (raise("worker_rlimit_nofile", files)) limited = 1 }
	{ lines[++count] = $0 }
	/^[ \t]*worker_processes/ { anchored = 1 }
	END {
		# A main-context directive: after worker_processes, where nginx documents it, or first.
		if (!limited && !anchored) print "worker_rlimit_nofile " files ";"
		for (i = 1; i <= count; i++) {
			print lines[i]
			if (!limited && lines[i] ~ /^[ \t]*worker_processes/) print "worker_rlimit_nofile " files ";"
		}
	}
' "$file" > "$tmp"
# Written back in place, so the file keeps its owner and mode.
cat "$tmp" > "$file"
rm -f "$tmp"
