/**
 * What every HTTP API of the platform needs, once.
 *
 * <ul>
 *   <li>{@code rest}: RFC 9457 problem bodies ({@link com.carbon254.api.runtime.rest.Problem}) and the mappers of the
 *       generic failures: any HTTP error, a malformed JSON body, 401 (with {@code WWW-Authenticate: Bearer}) and 403.</li>
 *   <li>{@code security}: the platform's {@link com.carbon254.api.runtime.security.Roles}; {@code platform:admin}
 *       implies every role. Configuration (SmallRye JWT, roles from {@code groups}, issuer and key location) is in
 *       this jar's {@code META-INF/microprofile-config.properties}.</li>
 *   <li>{@code audit}: every call to a protected API is published as an {@code ApiCall} event (refused ones also as a
 *       {@code Security} event), asynchronously; {@link com.carbon254.api.runtime.audit.AdminOperations} publishes
 *       {@code AdminOperation} events.</li>
 * </ul>
 *
 * A service uses it by depending on this module and annotating its resources with {@code @RolesAllowed(Roles.X)}.
 */
package com.carbon254.api.runtime;
