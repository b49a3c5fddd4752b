/* curses_form: the bare-curses yardstick — draws 40 labelled Chinese fields in one frame and exits. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <curses.h>
#include <locale.h>

static const char *labels[40] = {
	"申请人姓名", "性别", "民族", "出生日期", "身份证号", "户籍地址", "现住址", "联系电话",
	"电子邮箱", "工作单位", "单位地址", "职务", "学历", "婚姻状况", "配偶姓名", "配偶证件",
	"子女姓名", "子女证件", "企业名称", "统一信用代码", "法定代表人", "注册资本", "成立日期",
	"经营范围", "注册地址", "经营地址", "联系人", "联系人电话", "开户银行", "银行账号",
	"事项名称", "事项编码", "办理部门", "办结时限", "收费标准", "材料份数", "送达方式",
	"邮寄地址", "邮政编码", "备注",
};

int main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	for (int i = 0; i < 40; i++) {
		int row = 1 + i % 20, col = i < 20 ? 1 : 41;
		mvaddstr(row, col, labels[i]);
		attron(A_UNDERLINE);
		mvaddstr(row, col + 14, "                        ");
		attroff(A_UNDERLINE);
	}
	move(1, 15);
	refresh();
	endwin();
	return 0;
}
