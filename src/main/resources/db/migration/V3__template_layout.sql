-- How a template's placeholders are filled (PromptTemplate.LAYOUT): 1 wrote other speakers of
-- retrieved dialogues as user0, user1, ...; 2 keeps their real names, as the model was trained.
-- Rows saved before this column existed were rendered with layout 1.
ALTER TABLE prompt_templates ADD COLUMN layout INTEGER NOT NULL DEFAULT 1;
