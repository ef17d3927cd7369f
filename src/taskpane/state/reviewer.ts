/** Where the reviewer's name is remembered (this browser only; never sent anywhere). */
export const REVIEWER_STORAGE_KEY = "phr-checksheet.reviewer";
