package io.codis.meta.client.model;

/** A metaserver peer: its Raft and HTTP addresses and whether it is the current leader. */
public record PeerView(String id, String raftAddr, String httpAddr, boolean leader) {}
