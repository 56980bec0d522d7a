"""Running a course: chapters to assign, packets, hand-in files, grading, rosters, the late policy, LMS
exports, progress, objectives, the instructor edition and notebook execution."""
