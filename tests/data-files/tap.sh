# tap.sh: TAP output for the data-file test scripts (sourced, not run)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ok NAME / not_ok NAME / skip NAME REASON print one result each; check NAME
# CMD… runs CMD and reports it, with its output as TAP comments when it fails;
# finish prints the plan and sets the exit status.

tap_n=0
tap_failed=0

ok () {
  tap_n=$((tap_n + 1))
  echo "ok $tap_n $1"
}

not_ok () {
  tap_n=$((tap_n + 1))
  tap_failed=$((tap_failed + 1))
  echo "not ok $tap_n $1"
}

skip () {
  tap_n=$((tap_n + 1))
  echo "ok $tap_n $1 # SKIP $2"
}

diag () {
  printf '%s\n' "$@" | sed 's/^/# /'
}

check () {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    ok "$name"
  else
    not_ok "$name"
    diag "$ $*" "$out"
  fi
}

# have TOOL: whether TOOL is installed; names the package to install when not
have () {
  command -v "$1" >/dev/null 2>&1
}

finish () {
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
}
