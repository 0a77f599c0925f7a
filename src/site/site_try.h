// Internal to the page handlers: unwraps a Result or answers the request with the
// error page (PublicSite::failure).
#pragma once

#define SITE_TRY(var, expr)                                               \
  auto var##_result = (expr);                                             \
  if (!var##_result.ok()) return failure(request, var##_result.status()); \
  auto& var = *var##_result
