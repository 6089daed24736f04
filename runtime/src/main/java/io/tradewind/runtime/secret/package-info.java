/**
 * Tenant secrets (ADR 0018): named values such as API tokens and webhook signing secrets that flows
 * refer to by name. Admins set and delete them; nobody reads a value back through the API.
 */
package io.tradewind.runtime.secret;
