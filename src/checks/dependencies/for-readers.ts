/** Folders of code written for readers (examples, samples, demos, templates, fixtures): nobody installs it as the project. */
export const FOR_READERS = /(?:^|\/)(?:[^/]*[-_.])?(?:examples?|samples?|demos?)(?:\/|$)|(?:^|\/)(?:templates?|fixtures?|__fixtures__|testdata|test-data)(?:\/|$)/i;
