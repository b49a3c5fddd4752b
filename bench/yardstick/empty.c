/* empty: the pty harness's own floor — a program that does nothing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
int main(void)
{
	return 0;
}
