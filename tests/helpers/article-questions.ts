/** Questions about the shipped article, with acceptable short answers; [] means the article does not say. */
export interface ArticleQuestion {
  question: string;
  answers: string[];
}

export const ARTICLE_QUESTIONS: ArticleQuestion[] = [
  { question: 'How far is Hama from Aleppo?', answers: ['110km', '70 miles'] },
  { question: 'How many people live in Hama?', answers: ['one million'] },
  { question: 'Who is the leader of Hayat Tahrir al-Sham?', answers: ['Abu Mohammed al-Jawlani'] },
  { question: 'Who leads HTS?', answers: ['Abu Mohammed al-Jawlani'] },
  { question: 'Which city did the rebels capture last week?', answers: ['Aleppo'] },
  { question: 'How many civilians have been killed since the offensive started?', answers: ['111'] },
  { question: 'How many people have been killed across the country since the start of the rebel offensive?', answers: ['720'] },
  { question: 'When did the civil war erupt?', answers: ['2011'] },
  { question: 'When did HTS break ties with al-Qaeda?', answers: ['2016'] },
  { question: 'When did the rebel offensive begin?', answers: ['eight days ago', '28 November 2024'] },
  { question: 'Which city is next south on the highway from Aleppo to Damascus?', answers: ['Homs'] },
  { question: 'What did Jawlani vow?', answers: ['no revenge'] },
  { question: 'Why did the military say it redeployed troops?', answers: ['preserve civilian lives'] },
  { question: 'Which monitoring group reported the death toll?', answers: ['Syrian Observatory for Human Rights', 'SOHR'] },
  { question: 'Where is the Syrian Observatory for Human Rights based?', answers: ['UK'] },
  { question: 'How many people were living in Aleppo and Idlib provinces?', answers: ['four million'] },
  { question: 'Which countries are key allies of President Assad?', answers: ['Russia', 'Iran'] },
  { question: 'What has Iran said it is ready to do?', answers: ['send additional forces'] },
  { question: 'How many people in Syria have been killed since the civil war began?', answers: ['half a million'] },
  { question: 'Who controlled the pocket of territory near Aleppo?', answers: ['Syrian Democratic Forces', 'SDF', 'Kurdish-led militia alliance'] },
  { question: 'Which organisations designate HTS as a terrorist organisation?', answers: ['UN', 'US', 'Turkey'] },
  { question: 'What did the United Nations express alarm at?', answers: ['sudden escalation'] },
  { question: 'What is the population of Damascus?', answers: [] },
  { question: 'How many people live in Homs?', answers: [] },
  { question: 'Who is the president of Iran?', answers: [] },
  { question: 'How far is Damascus from Homs?', answers: [] },
  { question: 'When did Russia first send troops to Syria?', answers: [] },
  { question: 'What is the capital of Turkey?', answers: [] },
  { question: 'How many Russian warplanes were shot down?', answers: [] },
];
