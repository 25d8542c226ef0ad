package io.codis.meta.client.model;

/** The JSON body of every error reply. */
public record ApiError(String code, String message) {}
