// Question kinds and their labels, shared by forms, pages and the schema.
export const questionTypes = ['single', 'multiple', 'true_false', 'short'] as const;
export type QuestionType = (typeof questionTypes)[number];

export const questionTypeLabels: Record<QuestionType, string> = {
	single: 'Một đáp án đúng',
	multiple: 'Nhiều đáp án đúng',
	true_false: 'Đúng / Sai',
	short: 'Trả lời ngắn'
};

export const questionStatuses = ['draft', 'approved', 'retired'] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

export const questionStatusLabels: Record<QuestionStatus, string> = {
	draft: 'Chờ duyệt',
	approved: 'Đã duyệt',
	retired: 'Ngừng sử dụng'
};

export const difficultyLabels: Record<number, string> = { 1: 'Dễ', 2: 'Trung bình', 3: 'Khó' };

/** The options of a true/false question, in this order. */
export const TRUE_FALSE_OPTIONS = ['Đúng', 'Sai'];
