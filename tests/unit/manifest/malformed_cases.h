/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Malformed manifest fixtures (malformed/<name>.dts) with the exact error each must get: MALFORMED
 * from manifest_parse(), OVER_RAM from manifest_check_ram() with the RAM given (each parses).
 */
MALFORMED("no_apps", "/apps",
	  "missing node /apps")
MALFORMED("no_msg_servers", "/msg_servers",
	  "missing node /msg_servers")
MALFORMED("empty_msg_servers", "/msg_servers",
	  "no message servers declared (need at least one)")
MALFORMED("unknown_property", "/apps/hello/prioity",
	  "unknown property prioity (known: binary args priority max_priority heap_pages stack_pages ut_4k_pages ut_large_pages ut_large_page msg_server publishes connects restart restart-deps initrd binary-sha256 initrd-sha256)")
MALFORMED("unknown_node", "/apps/hello/foo",
	  "unknown node foo (known: environ resources vm)")
MALFORMED("priority_string", "/apps/hello/priority",
	  "priority must be one 32-bit cell, not 5 bytes")
MALFORMED("priority_two_cells", "/apps/hello/priority",
	  "priority must be one 32-bit cell, not 8 bytes")
MALFORMED("initrd_cell", "/apps/hello/initrd",
	  "initrd is not a NUL-terminated string")
MALFORMED("restart_list", "/apps/hello/restart",
	  "restart must be one string, not a list")
MALFORMED("binary_empty", "/apps/hello/binary",
	  "binary is empty")
MALFORMED("binary_missing", "/apps/hello",
	  "missing property binary")
MALFORMED("priority_300", "/apps/hello/priority",
	  "priority 300 is out of range 0-254")
MALFORMED("priority_255", "/apps/hello/priority",
	  "priority 255 is out of range 0-254")
MALFORMED("max_priority_range", "/apps/hello/max_priority",
	  "max_priority 1000 is out of range 0-254")
MALFORMED("priority_above_max", "/apps/hello/priority",
	  "priority 200 is above max_priority 190")
MALFORMED("default_priority_above_max", "/apps/hello/max_priority",
	  "priority 100 is above max_priority 50")
MALFORMED("channel_size_unaligned", "/channels/diode0/size",
	  "size 0x1800 is not a multiple of 4096")
MALFORMED("channel_size_zero", "/channels/diode0/size",
	  "size must be greater than 0")
MALFORMED("channel_size_missing", "/channels/diode0",
	  "missing property size")
MALFORMED("channel_unknown_property", "/channels/diode0/sise",
	  "unknown property sise (known: size)")
MALFORMED("unknown_right", "/apps/hello/resources/channels/diode0",
	  "unknown right WRTE (known: READ WRITE SIGNAL RECV)")
MALFORMED("duplicate_right", "/apps/hello/resources/channels/diode0",
	  "right WRITE listed twice")
MALFORMED("no_rights", "/apps/hello/resources/channels/diode0",
	  "diode0 grants no rights (known: READ WRITE SIGNAL RECV)")
MALFORMED("undeclared_channel", "/apps/hello/resources/channels/diode9",
	  "channel diode9 is not declared under /channels")
MALFORMED("msg_server_not_server", "/apps/hello/msg_server",
	  "phandle 0x20 is not a child of /msg_servers")
MALFORMED("msg_server_dangling", "/apps/hello/msg_server",
	  "phandle 0x99 points to no node")
MALFORMED("msg_server_string", "/apps/hello/msg_server",
	  "msg_server must be one 32-bit cell, not 5 bytes")
MALFORMED("no_default_msg0", "/apps/hello",
	  "no msg_server given and no /msg_servers/msg0 to default to")
MALFORMED("restart_unknown", "/apps/hello/restart",
	  "restart sometimes is not one of: never on-failure always")
MALFORMED("restart_deps_not_app", "/apps/hello/restart-deps",
	  "phandle 0x10 is not an app under /apps")
MALFORMED("restart_deps_self", "/apps/hello/restart-deps",
	  "app hello lists itself in restart-deps")
MALFORMED("restart_deps_twice", "/apps/hello/restart-deps",
	  "restart-deps lists app other twice")
MALFORMED("restart_deps_cycle", "/apps/a/restart-deps",
	  "restart-deps cycle: a -> b -> c -> a")
MALFORMED("restart_deps_cycle_tail", "/apps/b/restart-deps",
	  "restart-deps cycle: b -> c -> b")
MALFORMED("app_name_long", "/apps/aaaaaaaaaaaaaaaaaaaaaaaa",
	  "app name is 24 characters, the limit is 23")
MALFORMED("args_unterminated", "/apps/hello/args",
	  "args is not a NUL-terminated string list")
MALFORMED("environ_unterminated", "/apps/hello/environ/HELLO",
	  "HELLO is not a NUL-terminated string")
MALFORMED("environ_subnode", "/apps/hello/environ/sub",
	  "unknown node sub (known: none)")
MALFORMED("device_misaligned", "/apps/hello/resources/devices/uart1",
	  "range 0x9000100+0x1000 is not 4096-byte aligned")
MALFORMED("device_zero_size", "/apps/hello/resources/devices/uart1",
	  "uart1 has size 0")
MALFORMED("device_bad_length", "/apps/hello/resources/devices/uart1",
	  "uart1 must be <base size> in 2 or 4 cells, not 4 bytes")
MALFORMED("device_wraps", "/apps/hello/resources/devices/top",
	  "range 0xfffffffffffff000+0x2000 wraps past the end of the address space")
MALFORMED("device_overlap_same_app", "/apps/hello/resources/devices/b",
	  "range 0x9001000-0x9001fff overlaps hello/a (0x9000000-0x9001fff)")
MALFORMED("device_overlap_two_apps", "/apps/drv2/resources/devices/uart",
	  "range 0x9000000-0x9000fff overlaps drv1/uart1 (0x9000000-0x9000fff)")
MALFORMED("irq_low", "/apps/hello/resources/irqs",
	  "irq 5 is below 16 (0-15 are the kernel's SGIs)")
MALFORMED("irq_high", "/apps/hello/resources/irqs",
	  "irq 1020 is above 1019")
MALFORMED("irq_two_apps", "/apps/drv2/resources/irqs",
	  "irq 33 is already given to app drv1")
MALFORMED("resources_unknown_property", "/apps/hello/resources/irq",
	  "unknown property irq (known: irqs machine-reset release-admin)")
MALFORMED("public_key_not_base64", "/kos_options/public-key",
	  "public-key is not valid base64")
MALFORMED("public_key_short", "/kos_options/public-key",
	  "public-key decodes to 16 bytes, an Ed25519 key is 32")
MALFORMED("public_key_long", "/kos_options/public-key",
	  "public-key is longer than a 32-byte Ed25519 key")
MALFORMED("disable_signing_value", "/kos_options/disable-signing",
	  "disable-signing takes no value")
MALFORMED("variables_relative", "/kos_options/variables",
	  "variables entry apps/hello/environ is not an absolute node path")
MALFORMED("kos_options_unknown", "/kos_options/public_key",
	  "unknown property public_key (known: public-key disable-signing variables release-version)")
MALFORMED("protocol_twice", "/apps/b/publishes",
	  "protocol hello_protocol is already published by app a on msg0")
MALFORMED("publishes_empty", "/apps/hello/publishes",
	  "publishes has an empty entry")
MALFORMED("connects_twice", "/apps/hello/connects",
	  "connects lists log twice")
MALFORMED("heap_zero", "/apps/hello/heap_pages",
	  "heap_pages must be at least 1")
MALFORMED("ut_large_both", "/apps/hello/ut_large_page",
	  "ut_large_page and ut_large_pages are the same setting: give one")
MALFORMED("stack_zero", "/apps/hello/stack_pages",
	  "stack_pages must be at least 1")
MALFORMED("irq_twice_same_app", "/apps/hello/resources/irqs",
	  "irq 33 is already given to app hello")
MALFORMED("irqs_bad_length", "/apps/hello/resources/irqs",
	  "irqs must be a list of 32-bit cells, not 5 bytes")
MALFORMED("irqs_too_many", "/apps/hello/resources/irqs",
	  "too many irqs: more than 16")
MALFORMED("devices_too_many", "/apps/hello/resources/devices/d8",
	  "too many devices for one app: more than 8")
MALFORMED("app_channels_too_many", "/apps/hello/resources/channels/c16",
	  "too many channels for one app: more than 16")
MALFORMED("resources_unknown_node", "/apps/hello/resources/mmio",
	  "unknown node mmio (known: channels devices partitions)")
MALFORMED("restart_deps_odd_length", "/apps/hello/restart-deps",
	  "restart-deps must be a list of app phandles, not 3 bytes")
MALFORMED("restart_deps_too_many", "/apps/hello/restart-deps",
	  "too many restart-deps: more than 16")
MALFORMED("publishes_too_many", "/apps/hello/publishes",
	  "too many publishes: more than 16")
MALFORMED("variables_too_many", "/kos_options/variables",
	  "too many variables: more than 32")
MALFORMED("environ_list", "/apps/hello/environ/HELLO",
	  "HELLO must be one string, not a list")
MALFORMED("msg_server_property", "/msg_servers/msg0/threads",
	  "unknown property threads (known: none)")
MALFORMED("binary_sha256_short", "/apps/hello/binary-sha256",
	  "binary-sha256 must be a 32-byte SHA-256 digest, not 4 bytes")
MALFORMED("initrd_empty", "/apps/hello/initrd",
	  "initrd is empty")
MALFORMED("initrd_sha256_short", "/apps/hello/initrd-sha256",
	  "initrd-sha256 must be a 32-byte SHA-256 digest, not 3 bytes")
MALFORMED("initrd_sha256_alone", "/apps/hello/initrd-sha256",
	  "initrd-sha256 without an initrd")
MALFORMED("heap_too_big", "/apps/hello/heap_pages",
	  "heap_pages 2147483647 is more than 196608, the heap's 768 MiB of address space")
MALFORMED("stack_too_big", "/apps/hello/stack_pages",
	  "stack_pages 2046 is more than 2045, the stack's 8 MiB of address space less the IPC buffer and a guard page")
MALFORMED("ut_large_too_big", "/apps/hello/ut_large_pages",
	  "ut_large_pages 67108865 is more than 67108864, 128 TiB: the largest untyped the kernel makes")
MALFORMED("ut_large_page_too_big", "/apps/hello/ut_large_page",
	  "ut_large_page 4294967295 is more than 67108864, 128 TiB: the largest untyped the kernel makes")
MALFORMED("publishes_no_msg_server", "/apps/hello/publishes",
	  "publishes needs msg_server: the message server the protocols are on")
MALFORMED("connects_no_msg_server", "/apps/hello/connects",
	  "connects needs msg_server: the message server the protocols are on")
MALFORMED("channels_too_big", "/channels/small/size",
	  "channels take more than 16384 KiB in all")
OVER_RAM("over_ram", 0x40000000, "/apps/big/ut_large_pages",
	 "memory budgets come to 2147500136 KiB with this app's, more than the board's 1048576 KiB of RAM")
OVER_RAM("heap_over_ram", 0x40000000, "/apps/a/heap_pages",
	 "memory budgets come to 1572904 KiB with this app's, more than the board's 1048576 KiB of RAM")
OVER_RAM("channels_over_ram", 4096, "/channels",
	 "channels take 8 KiB, more than the board's 4 KiB of RAM")
MALFORMED("partition_right_signal", "/apps/db/resources/partitions/data",
	  "partition data: rights on a partition are READ and WRITE")
MALFORMED("partition_no_connects", "/apps/db/resources/partitions",
	  "partitions are served on kos_block_protocol: the app must connect to it")
MALFORMED("partition_name_long", "/apps/db/resources/partitions/a_partition_name_of_thirty_seven_char",
	  "partition name a_partition_name_of_thirty_seven_char is longer than 36 characters (GPT's limit)")
MALFORMED("partition_too_many", "/apps/db/resources/partitions/p9",
	  "too many partitions for one app: more than 8")
MALFORMED("partition_no_rights", "/apps/db/resources/partitions/data",
	  "data grants no rights (known: READ WRITE SIGNAL RECV)")
MALFORMED("machine_reset_value", "/apps/admin/resources/machine-reset",
	  "machine-reset takes no value")
MALFORMED("release_admin_value", "/apps/admin/resources/release-admin",
	  "release-admin takes no value")
MALFORMED("release_version_string", "/kos_options/release-version",
	  "release-version must be one 32-bit cell, not 2 bytes")
MALFORMED("vm_kernel_missing", "/apps/vm0/vm",
	  "missing property kernel")
MALFORMED("vm_kernel_empty", "/apps/vm0/vm/kernel",
	  "kernel is empty")
MALFORMED("vm_unknown_property", "/apps/vm0/vm/ram",
	  "unknown property ram (known: kernel kernel-sha256 initrd initrd-sha256 ram_mb bootargs console net-tx net-rx)")
MALFORMED("vm_ram_small", "/apps/vm0/vm/ram_mb",
	  "ram_mb 8 is out of range 16-4096")
MALFORMED("vm_ram_odd", "/apps/vm0/vm/ram_mb",
	  "ram_mb 17 is not a multiple of 2: guest RAM is made of 2 MiB pages")
MALFORMED("vm_ram_budget", "/apps/vm0/vm/ram_mb",
	  "guest RAM of 256 MiB needs ut_large_pages of at least 128 (2 MiB pages), the app has 64")
MALFORMED("vm_page_tables", "/apps/vm0/ut_4k_pages",
	  "a microVM with 2048 MiB of RAM needs ut_4k_pages of at least 6 for its page tables, the app has 5")
MALFORMED("vm_page_tables_missing", "/apps/vm0",
	  "a microVM with 16 MiB of RAM needs ut_4k_pages of at least 4 for its page tables, the app has 0")
MALFORMED("vm_kernel_digest_short", "/apps/vm0/vm/kernel-sha256",
	  "kernel-sha256 must be a 32-byte SHA-256 digest, not 3 bytes")
MALFORMED("vm_initrd_digest_alone", "/apps/vm0/vm/initrd-sha256",
	  "initrd-sha256 without an initrd")
MALFORMED("vm_net_one_way", "/apps/vm0/vm/net-tx",
	  "net-tx without net-rx: the guest's network is a channel each way")
MALFORMED("vm_net_undeclared", "/apps/vm0/vm/net-tx",
	  "channel nosuch is not declared under /channels")
MALFORMED("vm_net_rights", "/apps/vm0/vm/net-tx",
	  "net-tx channel a needs WRITE and SIGNAL in the app's resources/channels")
MALFORMED("vm_net_same", "/apps/vm0/vm/net-rx",
	  "net-rx and net-tx are both channel a: one each way")
MALFORMED("vm_disk_image_missing", "/apps/vm0/vm/d0",
	  "missing property image or partition")
MALFORMED("vm_disk_unknown_property", "/apps/vm0/vm/d0/readonly",
	  "unknown property readonly (known: image image-sha256 partition read-only)")
MALFORMED("vm_disks_too_many", "/apps/vm0/vm/d5",
	  "too many disks: more than 5")
MALFORMED("vm_console_value", "/apps/vm0/vm/console",
	  "console takes no value")
MALFORMED("vm_bootargs_long", "/apps/vm0/vm/bootargs",
	  "bootargs is 2048 characters, the limit is 2047 (Linux's command line)")
MALFORMED("vm_partition_not_listed", "/apps/vm0/vm/d0/partition",
	  "partition data is not in the app's resources/partitions")
MALFORMED("vm_partition_read_only_right", "/apps/vm0/vm/d0/partition",
	  "partition data needs READ and WRITE in the app's resources/partitions (READ alone for a read-only disk)")
MALFORMED("vm_partition_write_only_right", "/apps/vm0/vm/d0/partition",
	  "partition data needs READ in the app's resources/partitions")
MALFORMED("vm_partition_and_image", "/apps/vm0/vm/d0/partition",
	  "image and partition both: a disk is one or the other")
MALFORMED("vm_partition_twice", "/apps/vm0/vm/d1/partition",
	  "partition data is already disk d0: a partition backs one disk")
MALFORMED("vm_partition_empty", "/apps/vm0/vm/d0/partition",
	  "partition is empty")
MALFORMED("vm_partition_no_connects", "/apps/vm0/resources/partitions",
	  "partitions are served on kos_block_protocol: the app must connect to it")
