#!/usr/bin/env bash
# The layers of DESIGN.md, checked on the sources: SQLite only inside src/store/sqlite,
# libpq only inside src/store/postgres (and the tests' store helper), the repositories
# both backends share (src/store/sql) naming neither backend,
# Beast and Asio only in src/http/*.cc files (and the connection's session, a header
# private to them), and the newsroom's UI (src/newsroom/ui)
# calling services, never the store. Prints each breach; exit 1 when there is one.
set -uo pipefail
cd "$(dirname "$0")/../.."
bad=0
breach() { echo "layering: $1"; bad=1; }
while IFS= read -r f; do breach "$f includes SQLite outside src/store/sqlite"; done \
  < <(grep -rl --include='*.h' --include='*.cc' -E '#include [<"]sqlite3\.h[>"]' src | grep -v '^src/store/sqlite/')
while IFS= read -r f; do breach "$f includes libpq outside src/store/postgres"; done \
  < <(grep -rl --include='*.h' --include='*.cc' -E '#include [<"]libpq-fe\.h[>"]' src |
       grep -v -E '^src/store/(postgres/|testing/backends\.cc$)')
while IFS= read -r f; do breach "$f: the shared repositories include a backend's header"; done \
  < <(grep -rl --include='*.h' --include='*.cc' -E '#include "store/(sqlite|postgres)/' src/store/sql)
while IFS= read -r f; do breach "$f includes Boost.Beast/Asio outside src/http/*.cc"; done \
  < <(grep -rl --include='*.h' --include='*.cc' -E '#include <boost/(beast|asio)' src |
       grep -v -E '^src/http/([a-z_]+\.cc|connection_session\.h)$')
while IFS= read -r f; do breach "$f includes src/http/connection_session.h (Beast) outside src/http/*.cc"; done \
  < <(grep -rl --include='*.h' --include='*.cc' '#include "http/connection_session.h"' src | grep -v -E '^src/http/[a-z_]+\.cc$')
while IFS= read -r f; do breach "$f (the newsroom's UI) includes the store; it calls the services"; done \
  < <(grep -rl --include='*.h' --include='*.cc' -E '#include "store/' src/newsroom/ui)
while IFS= read -r f; do breach "$f (the newsroom's UI) reads or writes through store_"; done \
  < <(grep -rl --include='*.h' --include='*.cc' -E '\bstore_\b' src/newsroom/ui)
exit $bad
