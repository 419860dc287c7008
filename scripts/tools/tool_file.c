/* SPDX-License-Identifier: BSD-2-Clause */
/* Whole files in, files out atomically (a temporary file and a rename), and random bytes. */
#define _GNU_SOURCE
#include "tool_cli.h"
#include "tool_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int tool_read_file(const char *path, uint8_t **data, size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t done = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		tool_error("%s: cannot open: %s", path, strerror(errno));
		return ret;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ret = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		tool_error("%s: not a regular file", path);
		goto out_close;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ret = -ENOMEM;
		tool_error("%s: out of memory for %lld bytes", path, (long long)st.st_size);
		goto out_close;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			tool_error("%s: read failed at offset %zu: %s", path, done,
				   n < 0 ? strerror(errno) : "file shrank");
			goto out_free;
		}
		done += (size_t)n;
	}
	buf[done] = 0;
	*data = buf;
	*len = done;
	close(fd);
	return 0;
out_free:
	free(buf);
out_close:
	close(fd);
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int tool_write_file(const char *path, const void *data, size_t len, mode_t mode, unsigned flags)
{
	char *tmp = NULL, *dircopy = NULL;
	int fd = -1, ret;

	if (!(flags & TOOL_WRITE_FORCE) && access(path, F_OK) == 0) {
		tool_error("%s: already exists (use --force to replace it)", path);
		return -EEXIST;
	}
	dircopy = strdup(path);
	if (!dircopy || asprintf(&tmp, "%s/.%s.tmpXXXXXX", dirname(dircopy),
				 strrchr(path, '/') ? strrchr(path, '/') + 1 : path) < 0) {
		tmp = NULL;
		ret = -ENOMEM;
		tool_error("%s: out of memory", path);
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		tool_error("%s: cannot create temporary file: %s", path, strerror(errno));
		goto out;
	}
	/* Set the final mode before any byte is written, so a private key is never readable. */
	if (fchmod(fd, mode) != 0 || (ret = write_all(fd, data, len)) != 0 || fsync(fd) != 0) {
		ret = errno ? -errno : -EIO;
		tool_error("%s: write failed: %s", path, strerror(-ret));
		goto out_unlink;
	}
	if (close(fd) != 0) {
		fd = -1;
		ret = -errno;
		tool_error("%s: write failed: %s", path, strerror(errno));
		goto out_unlink;
	}
	fd = -1;
	if (flags & TOOL_WRITE_FORCE) {
		if (rename(tmp, path) != 0) {
			ret = -errno;
			tool_error("%s: cannot rename into place: %s", path, strerror(errno));
			goto out_unlink;
		}
	} else {
		/* link() fails if path appeared meanwhile: never clobber without --force. */
		if (link(tmp, path) != 0) {
			ret = -errno;
			tool_error("%s: cannot create: %s", path, strerror(errno));
			goto out_unlink;
		}
		unlink(tmp);
	}
	ret = 0;
	goto out;
out_unlink:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	free(dircopy);
	return ret;
}

int tool_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tool_error("getrandom: %s", strerror(errno));
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
