/**
 * Internal: derives JSON Schemas (draft 2020-12 style) from Java types, for the {@code request_format} /
 * {@code response_format} of typed functions (PROTOCOL §8.3). The engine stores these verbatim and never validates
 * against them; they document the function for people and tools.
 */
package dev.iii.sdk.internal.schema;
