#include <ldap.h>
#include <lber.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

// Options that libldap takes as pointers to ints, timevals or strings, and the macros Swift cannot see.

/// A new handle for `uri` (ldap:// or ldaps://): protocol 3, no referral chasing, `timeout_ms` for connecting and for
/// every synchronous operation, and TLS that checks the server's certificate (against `ca_file` when given, else the
/// system's trust store). Returns an LDAP result code.
static inline int qm_ldap_open(LDAP **ld, const char *uri, long timeout_ms, const char *ca_file) {
    int rc = ldap_initialize(ld, uri);
    if (rc != LDAP_SUCCESS) return rc;
    int version = LDAP_VERSION3;
    ldap_set_option(*ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(*ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    ldap_set_option(*ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(*ld, LDAP_OPT_TIMEOUT, &tv);
    int require = LDAP_OPT_X_TLS_DEMAND;
    ldap_set_option(*ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require);
    if (ca_file != NULL) ldap_set_option(*ld, LDAP_OPT_X_TLS_CACERTFILE, ca_file);
    int server = 0;
    ldap_set_option(*ld, LDAP_OPT_X_TLS_NEWCTX, &server);
    return LDAP_SUCCESS;
}

/// The server's diagnostic message of the last operation, or NULL; free with ldap_memfree.
static inline char *qm_ldap_diagnostic(LDAP *ld) {
    char *message = NULL;
    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message);
    return message;
}

/// A simple bind (RFC 4513): an empty password would be an unauthenticated bind, which the caller refuses first.
static inline int qm_ldap_simple_bind(LDAP *ld, const char *dn, const char *password) {
    struct berval credentials;
    credentials.bv_val = (char *)password;
    credentials.bv_len = strlen(password);
    return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
}

/// A modification of `type` with `count` binary values, given one after the other in `data` with their `lengths`
/// (copied); free with ldap_mods_free.
static inline LDAPMod *qm_ldap_mod(int op, const char *type, const char *data, const ber_len_t *lengths, int count) {
    LDAPMod *mod = calloc(1, sizeof(LDAPMod));
    if (mod == NULL) return NULL;
    mod->mod_op = op | LDAP_MOD_BVALUES;
    mod->mod_type = strdup(type);
    mod->mod_bvalues = calloc((size_t)count + 1, sizeof(struct berval *));
    for (int i = 0; i < count; i++) {
        struct berval *value = malloc(sizeof(struct berval));
        value->bv_len = lengths[i];
        value->bv_val = malloc(lengths[i] + 1);
        memcpy(value->bv_val, data, lengths[i]);
        value->bv_val[lengths[i]] = 0;
        data += lengths[i];
        mod->mod_bvalues[i] = value;
    }
    return mod;
}

/// The RFC 3062 password modify extended operation for `dn`, setting `password`.
static inline int qm_ldap_set_password(LDAP *ld, const char *dn, const char *password) {
    struct berval user = { strlen(dn), (char *)dn };
    struct berval new_password = { strlen(password), (char *)password };
    struct berval generated = { 0, NULL };
    int rc = ldap_passwd_s(ld, &user, NULL, &new_password, &generated, NULL, NULL);
    if (generated.bv_val != NULL) ber_memfree(generated.bv_val);
    return rc;
}

/// One page of a paged search (RFC 2696): `cookie` in (empty for the first page) and out (empty after the last).
static inline int qm_ldap_search_page(
    LDAP *ld, const char *base, int scope, const char *filter, char **attributes, int page_size,
    struct berval *cookie, LDAPMessage **result
) {
    LDAPControl *page = NULL;
    int rc = ldap_create_page_control(ld, page_size, cookie->bv_len > 0 ? cookie : NULL, 0, &page);
    if (rc != LDAP_SUCCESS) return rc;
    LDAPControl *controls[2] = { page, NULL };
    rc = ldap_search_ext_s(ld, base, scope, filter, attributes, 0, controls, NULL, NULL, LDAP_NO_LIMIT, result);
    ldap_control_free(page);
    if (cookie->bv_val != NULL) { ber_memfree(cookie->bv_val); cookie->bv_val = NULL; }
    cookie->bv_len = 0;
    if (rc != LDAP_SUCCESS || *result == NULL) return rc;
    int code = LDAP_SUCCESS;
    LDAPControl **returned = NULL;
    rc = ldap_parse_result(ld, *result, &code, NULL, NULL, NULL, &returned, 0);
    if (rc != LDAP_SUCCESS) return rc;
    if (returned != NULL) {
        LDAPControl *response = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, returned, NULL);
        if (response != NULL) {
            ber_int_t estimate = 0;
            ldap_parse_pageresponse_control(ld, response, &estimate, cookie);
        }
        ldap_controls_free(returned);
    }
    return code;
}
