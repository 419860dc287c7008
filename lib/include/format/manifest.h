/* SPDX-License-Identifier: BSD-2-Clause */
/* The manifest format: parse and validate a manifest DTB into a fixed-size, caller-owned description. */
#ifndef KAURI_MANIFEST_H
#define KAURI_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fixed limits: the root server has no allocator, so every array below is sized by these. */
#define MANIFEST_MAX_APPS 64
#define MANIFEST_MAX_CHANNELS 64
#define MANIFEST_MAX_MSG_SERVERS 8
#define MANIFEST_MAX_ARGS 32
#define MANIFEST_MAX_ENVIRON 32
#define MANIFEST_MAX_PROTOCOLS 16     /* per app, for publishes and for connects */
#define MANIFEST_MAX_APP_CHANNELS 16  /* channels one app holds rights on */
#define MANIFEST_MAX_DEVICES 8        /* MMIO ranges per app */
#define MANIFEST_MAX_IRQS 16          /* interrupt lines per app */
#define MANIFEST_MAX_APP_PARTITIONS 8 /* storage partitions one app holds rights on */
#define MANIFEST_PARTITION_NAME_MAX 36 /* a GPT partition name's UTF-16 units */
/* The protocol the storage server serves partitions on (kauri/block.h's KAURI_BLOCK_PROTOCOL). */
#define MANIFEST_BLOCK_PROTOCOL "kos_block_protocol"
#define MANIFEST_MAX_RESTART_DEPS 16
#define MANIFEST_MAX_VARIABLES 32

#define MANIFEST_APP_NAME_MAX 23      /* the kernel's thread name limit, without the NUL */
#define MANIFEST_PRIORITY_MAX 254     /* 255 belongs to the root server */
#define MANIFEST_PAGE_SIZE 4096u
#define MANIFEST_IRQ_MIN 16           /* 0-15 are SGIs, the kernel's */
#define MANIFEST_IRQ_MAX 1019         /* the highest GIC SPI number */
#define MANIFEST_PUBLIC_KEY_LEN 32
#define MANIFEST_BINARY_SHA256_LEN 32 /* binary-sha256, added by kauri-release */
#define MANIFEST_LARGE_PAGE_SIZE 0x200000u /* ut_large_pages count 2 MiB pages */

/*
 * Budgets that fit an app's address space and the kernel's objects on any board (manifest.c checks
 * them against kauri/app.h's layout and the kernel's largest untyped).
 */
#define MANIFEST_MAX_HEAP_PAGES 196608u     /* KAURI_APP_HEAP up to KAURI_APP_CHANNELS: 768 MiB */
#define MANIFEST_MAX_STACK_PAGES 2045u      /* below KAURI_APP_STACK_TOP, above the IPC buffer and a guard page */
#define MANIFEST_MAX_UT_LARGE_PAGES 0x4000000u /* 2^47 bytes, the largest untyped the kernel makes */
#define MANIFEST_MAX_CHANNEL_BYTES 0x1000000u /* all channels together: the root server keeps 4096 frames */

#define MANIFEST_MAX_VM_BLK 5          /* virtio-blk disks per microVM */
#define MANIFEST_VM_RAM_MB_MIN 16u
#define MANIFEST_VM_RAM_MB_MAX 4096u
#define MANIFEST_VM_DEFAULT_RAM_MB 128u
#define MANIFEST_VM_BOOTARGS_MAX 2047u  /* arm64 Linux's COMMAND_LINE_SIZE less the NUL */

#define MANIFEST_DEFAULT_PRIORITY 100
#define MANIFEST_DEFAULT_HEAP_PAGES 16
#define MANIFEST_DEFAULT_STACK_PAGES 4
#define MANIFEST_DEFAULT_MSG_SERVER "msg0"

/* Channel rights, as bits of manifest_app_channel.rights. */
#define MANIFEST_RIGHT_READ (1u << 0)   /* read-only mapping of the frame(s) */
#define MANIFEST_RIGHT_WRITE (1u << 1)  /* read-write mapping */
#define MANIFEST_RIGHT_SIGNAL (1u << 2) /* may signal the channel's notification */
#define MANIFEST_RIGHT_RECV (1u << 3)   /* may wait on the channel's notification */

enum manifest_restart {
	MANIFEST_RESTART_NEVER = 0,
	MANIFEST_RESTART_ON_FAILURE = 1,
	MANIFEST_RESTART_ALWAYS = 2,
};

/* Every string below points into the DTB, which must outlive the manifest description. */
struct manifest_environ {
	const char *name;
	const char *value;
};

/* resources/partitions: a storage partition by its GPT name, READ and/or WRITE. */
struct manifest_partition {
	const char *name;
	uint32_t rights;  /* MANIFEST_RIGHT_READ and/or MANIFEST_RIGHT_WRITE */
};

struct manifest_app_channel {
	uint32_t channel; /* index into kauri_manifest.channels */
	uint32_t rights;  /* MANIFEST_RIGHT_* bits, at least one */
};

/*
 * A microVM's disk, which the guest sees as a virtio-blk device: an image from the release, or
 * a storage partition the VMM reaches through the storage server (exactly one of the two).
 */
struct manifest_vm_blk {
	const char *name;              /* the node's name */
	const char *image;             /* bootfs entry name, or NULL for a partition disk */
	const uint8_t *image_sha256;   /* added by kauri-release, or NULL */
	const char *partition;         /* GPT name, listed in the app's resources/partitions, or NULL */
	bool read_only;
};

/* An app's vm node: the app is a VMM running one Linux microVM (docs/manifest.md). */
struct manifest_vm {
	bool present;
	const char *kernel;            /* bootfs entry: an arm64 Image, never empty */
	const uint8_t *kernel_sha256;
	const char *initrd;            /* bootfs entry, or NULL */
	const uint8_t *initrd_sha256;
	uint32_t ram_mb;               /* guest RAM, from the app's 2 MiB untyped budget */
	const char *bootargs;          /* the kernel command line, or NULL */
	bool console;                  /* a virtio-console: the guest's lines are the app's lines */
	uint32_t net_tx, net_rx;       /* virtio-net over these channels (indexes), when has_net */
	bool has_net;
	uint32_t nblk;
	struct manifest_vm_blk blk[MANIFEST_MAX_VM_BLK];
};

struct manifest_device {
	const char *name;
	uint64_t base; /* page-aligned */
	uint64_t size; /* page multiple, > 0 */
};

struct manifest_app {
	const char *name;
	const char *binary;            /* bootfs entry name, never empty */
	const uint8_t *binary_sha256;  /* SHA-256 of the binary (32 bytes, signed with the DTB), or NULL */
	const char *initrd;            /* bootfs entry name, or NULL */
	const uint8_t *initrd_sha256;  /* its SHA-256 (as binary_sha256), or NULL */
	uint32_t nargs;
	const char *args[MANIFEST_MAX_ARGS];
	uint32_t nenviron;
	struct manifest_environ environ[MANIFEST_MAX_ENVIRON];
	uint32_t priority;
	uint32_t max_priority;
	uint32_t heap_pages;
	uint32_t stack_pages;
	uint32_t ut_4k_pages;
	uint32_t ut_large_pages;
	const char *ut_large_property; /* its spelling in the manifest, for messages */
	uint32_t msg_server;           /* index into kauri_manifest.msg_servers */
	uint32_t npublishes;
	const char *publishes[MANIFEST_MAX_PROTOCOLS];
	uint32_t nconnects;
	const char *connects[MANIFEST_MAX_PROTOCOLS];
	uint32_t nchannels;
	struct manifest_app_channel channels[MANIFEST_MAX_APP_CHANNELS];
	uint32_t ndevices;
	struct manifest_device devices[MANIFEST_MAX_DEVICES];
	uint32_t nirqs;
	uint32_t irqs[MANIFEST_MAX_IRQS];
	bool machine_reset;            /* resources/machine-reset: may ask the root server to reset the board */
	bool release_admin;            /* resources/release-admin: told which release runs, and how apps ended */
	uint32_t npartitions;
	struct manifest_partition partitions[MANIFEST_MAX_APP_PARTITIONS];
	struct manifest_vm vm;
	enum manifest_restart restart;
	uint32_t nrestart_deps;
	uint32_t restart_deps[MANIFEST_MAX_RESTART_DEPS]; /* indexes into kauri_manifest.apps */
};

struct manifest_channel {
	const char *name;
	uint32_t size; /* bytes, a multiple of MANIFEST_PAGE_SIZE, > 0 */
};

struct manifest_msg_server {
	const char *name;
};

struct kauri_manifest {
	bool has_public_key;
	uint8_t public_key[MANIFEST_PUBLIC_KEY_LEN];
	bool disable_signing;
	uint32_t release_version;      /* kos_options/release-version, 0 when absent */
	uint32_t nvariables;
	const char *variables[MANIFEST_MAX_VARIABLES];
	uint32_t nchannels;
	struct manifest_channel channels[MANIFEST_MAX_CHANNELS];
	uint32_t nmsg_servers;
	struct manifest_msg_server msg_servers[MANIFEST_MAX_MSG_SERVERS];
	uint32_t napps;
	struct manifest_app apps[MANIFEST_MAX_APPS];
	/*
	 * App indexes in start order: every app after the apps in its restart-deps, and among apps
	 * that are ready at the same time, higher priority first, then by name.
	 */
	uint32_t start_order[MANIFEST_MAX_APPS];
};

#define MANIFEST_ERROR_PATH_LEN 128
#define MANIFEST_ERROR_MESSAGE_LEN 256

/* Where and why a manifest was refused: path is a node or node/property path. */
struct manifest_error {
	char path[MANIFEST_ERROR_PATH_LEN];
	char message[MANIFEST_ERROR_MESSAGE_LEN];
};

/*
 * Parse and validate the manifest DTB of len bytes into *out (which the caller owns; it is fully
 * overwritten). Returns 0, or a negative KFMT_* code with *err (if not NULL) filled in:
 * -KFMT_EFORMAT for a bad DTB or an invalid manifest, -KFMT_ENOSPC when a fixed limit is exceeded,
 * -KFMT_EINVAL for NULL arguments. On failure *out holds nothing usable.
 */
int manifest_parse(const void *dtb, size_t len, struct kauri_manifest *out,
		   struct manifest_error *err);

/*
 * The bytes of RAM app's declared budgets take: heap, stack, IPC buffer (one page) and untyped
 * budget. The root server needs more (the binary, page tables, rounding its pool up).
 */
uint64_t manifest_app_bytes(const struct manifest_app *app);

/*
 * Whether the parsed manifest's budgets fit in ram_bytes of RAM: the channels, then every app's
 * manifest_app_bytes() in start order. Returns 0, or -KFMT_ENOSPC with *err (if not NULL) naming
 * the app that takes the total past ram_bytes and its largest budget property.
 */
int manifest_check_ram(const struct kauri_manifest *m, uint64_t ram_bytes, struct manifest_error *err);

/* What the device's build has that a manifest may need: its configuration, as the build set it. */
struct manifest_build {
	bool vmm;                      /* CONFIG_VMM: apps with a vm node can run */
	uint32_t vmm_max_disks;        /* CONFIG_VMM_MAX_BLK: disks per microVM; 0: the format's limit */
};

/*
 * Whether the parsed manifest asks only for what BUILD has: the root server checks its own build,
 * kauri-release and kauri-manifest the configuration they are given. Returns 0, or
 * -KFMT_EUNSUPPORTED with *err (if not NULL) naming the first node that needs what is missing.
 */
int manifest_check_build(const struct kauri_manifest *m, const struct manifest_build *build,
			 struct manifest_error *err);

/* Index of the app called name, or -KFMT_ENOENT. */
int manifest_find_app(const struct kauri_manifest *m, const char *name);

/* "never", "on-failure" or "always". */
const char *manifest_restart_name(enum manifest_restart restart);

#endif
