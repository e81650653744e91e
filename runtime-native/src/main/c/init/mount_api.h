/* The new mount API (Linux 5.2+: open_tree, move_mount, fsopen/fsconfig/fsmount; 5.12: mount_setattr) and openat2's
 * resolve flags, for libcs whose headers lack them: one set of numbers for rootfs.c and userns.c (<linux/mount.h>
 * clashes with <sys/mount.h>). */
#ifndef JD_MOUNT_API_H
#define JD_MOUNT_API_H

#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_fsopen
#define SYS_move_mount 429
#define SYS_fsopen 430
#define SYS_fsconfig 431
#define SYS_fsmount 432
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

#define JD_OPEN_TREE_CLONE 1
#define JD_OPEN_TREE_CLOEXEC O_CLOEXEC
#define JD_MOVE_MOUNT_F_EMPTY_PATH 0x4
#define JD_MOVE_MOUNT_T_EMPTY_PATH 0x40
#define JD_FSOPEN_CLOEXEC 0x1
#define JD_FSMOUNT_CLOEXEC 0x1
#define JD_FSCONFIG_SET_STRING 1
#define JD_FSCONFIG_CMD_CREATE 6
#define JD_MOUNT_ATTR_RDONLY 0x00000001
#define JD_MOUNT_ATTR_IDMAP 0x00100000
#define JD_RESOLVE_NO_XDEV 0x01
#define JD_RESOLVE_NO_MAGICLINKS 0x02
#define JD_RESOLVE_BENEATH 0x08

/* struct mount_attr of mount_setattr(2) */
struct jd_mount_attr
{
  uint64_t attr_set, attr_clr, propagation, userns_fd;
};

#endif
