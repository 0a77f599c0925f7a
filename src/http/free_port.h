// A free TCP port on a local address, for `qalam serve --listen HOST:0` when the site's
// links must name the port before the server binds it (site.url unset). The port is
// free when asked; another process may take it before the server binds, in which case
// serve fails to start with "address already in use".
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace qalam::http {

Result<uint16_t> free_port(const std::string& host);

}  // namespace qalam::http
