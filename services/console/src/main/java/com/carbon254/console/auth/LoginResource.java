package com.carbon254.console.auth;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.security.Authenticated;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Sign-in for a browser without an {@code Authorization} header: paste a token (locally one of {@code tokens.env}); it
 * is verified exactly as on every request (signature, issuer, expiry), then kept in a Secure, HttpOnly,
 * SameSite=Strict cookie that SmallRye JWT reads ({@code mp.jwt.token.cookie}). Pages send an unauthenticated browser
 * here ({@link SignInRedirects}).
 */
@Path("/")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class LoginResource {

    @ConfigProperty(name = "mp.jwt.token.cookie")
    String cookie;

    /** Whether the identity provider's sign-in is offered (quarkus-oidc's tenant is configured and on). */
    @ConfigProperty(name = "quarkus.oidc.tenant-enabled")
    boolean identityProvider;

    @Inject
    JWTParser parser;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String next, String error, boolean identityProvider);
    }

    @GET
    @Path("/login")
    public TemplateInstance form(@QueryParam("next") String next, @QueryParam("error") String error) {
        return Templates.login(safeNext(next), error, identityProvider);
    }

    /**
     * Sign-in with the identity provider: the OIDC authorization-code flow runs before this method (a browser without a
     * session is redirected to the provider and back); then on to the page the user came from.
     */
    @GET
    @Path("/sso")
    @AuthorizationCodeFlow
    @Authenticated
    public Response signInWithIdentityProvider(@QueryParam("next") String next) {
        return Response.seeOther(URI.create(safeNext(next))).build();
    }

    @POST
    @Path("/login")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token, @FormParam("next") String next) {
        String target = safeNext(next);
        String pasted = token == null ? "" : token.trim();
        try {
            parser.parse(pasted);
        } catch (ParseException e) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Templates.login(target, "This token is not valid here (unknown signer, wrong issuer, "
                            + "expired or malformed).", identityProvider)).build();
        }
        return Response.seeOther(URI.create(target)).cookie(tokenCookie(pasted, NewCookie.DEFAULT_MAX_AGE)).build();
    }

    @POST
    @Path("/logout")
    public Response signOut() {
        return Response.seeOther(URI.create("/login")).cookie(tokenCookie("", 0)).build();
    }

    private NewCookie tokenCookie(String value, int maxAge) {
        return new NewCookie.Builder(cookie).value(value).path("/").maxAge(maxAge).secure(true).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Only a path of this console: never an absolute URL (an open redirect). */
    static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
    }
}
