/**
 * The {@code iii-http} trigger module (ENGINE §6: routes, request object, response mapping, middleware,
 * conditions, timeouts) and the {@code iii-http-functions} module (ENGINE §10: functions the engine executes by
 * calling a URL). Installed by {@link dev.iii.testkit.internal.http.HttpModules#install}.
 */
@NullMarked
package dev.iii.testkit.internal.http;

import org.jspecify.annotations.NullMarked;
